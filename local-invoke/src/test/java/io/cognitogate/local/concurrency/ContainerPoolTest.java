package io.cognitogate.local.concurrency;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerPoolTest {

    /** A stand-in container: its number in creation order. */
    private record Box(int number) {
    }

    private final AtomicInteger created = new AtomicInteger();
    private final List<Box> closed = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private ContainerPool<Box> pool(int concurrency, int queue, Duration maxWait) {
        return new ContainerPool<>(concurrency, queue, maxWait, () -> new Box(created.incrementAndGet()),
                closed::add);
    }

    /** Occupies one container until {@code release} opens; {@code running} opens once it holds one. */
    private Future<Integer> occupy(ContainerPool<Box> pool, CountDownLatch running, CountDownLatch release) {
        return threads.submit(() -> pool.run(box -> {
            running.countDown();
            await(release);
            return box.number();
        }));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void runWhenCalledOneAfterAnotherThenTheSameWarmContainerEveryTime() throws Exception {
        ContainerPool<Box> pool = pool(4, 0, Duration.ZERO);

        for (int i = 0; i < 5; i++) {
            assertThat(pool.run(Box::number)).isEqualTo(1);
        }
        assertThat(pool.size()).isEqualTo(1);
    }

    @Test
    void runWhenEveryContainerBusyAndNoQueueThenThrottledAsQueueFull() throws Exception {
        ContainerPool<Box> pool = pool(1, 0, Duration.ofSeconds(10));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Integer> busy = occupy(pool, running, release);
        await(running);

        assertThatThrownBy(() -> pool.run(Box::number)).isInstanceOfSatisfying(ThrottledException.class,
                e -> assertThat(e.reason()).isEqualTo(ThrottledException.Reason.QUEUE_FULL));
        release.countDown();
        assertThat(busy.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(pool.run(Box::number)).as("the container came back").isEqualTo(1);
    }

    @Test
    void runWhenQueueHasRoomThenWaitsAndRunsOnTheContainerThatComesFree() throws Exception {
        ContainerPool<Box> pool = pool(1, 1, Duration.ofSeconds(10));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Integer> busy = occupy(pool, running, release);
        await(running);

        Future<Integer> queued = threads.submit(() -> pool.run(Box::number));
        release.countDown();

        assertThat(busy.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(pool.size()).isEqualTo(1);
    }

    @Test
    void runWhenQueueFullThenTheNextIsThrottledAtOnceWhileTheQueuedOneStillRuns() throws Exception {
        ContainerPool<Box> pool = pool(1, 1, Duration.ofSeconds(10));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        occupy(pool, running, release);
        await(running);
        Future<Integer> queued = threads.submit(() -> pool.run(Box::number));
        // the queued call takes its place in the queue before the next one comes
        while (pool.waiting() != 1) {
            Thread.onSpinWait();
        }

        assertThatThrownBy(() -> pool.run(Box::number)).isInstanceOfSatisfying(ThrottledException.class,
                e -> assertThat(e.reason()).isEqualTo(ThrottledException.Reason.QUEUE_FULL));
        release.countDown();
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void runWhenNoContainerComesFreeWithinTheWaitThenThrottledAsWaitedTooLong() throws Exception {
        ContainerPool<Box> pool = pool(1, 8, Duration.ofMillis(20));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Integer> busy = occupy(pool, running, release);
        await(running);

        assertThatThrownBy(() -> pool.run(Box::number)).isInstanceOfSatisfying(ThrottledException.class,
                e -> assertThat(e.reason()).isEqualTo(ThrottledException.Reason.WAITED_TOO_LONG));
        assertThat(pool.waiting()).as("the timed-out call left the queue").isZero();
        release.countDown();
        busy.get(10, TimeUnit.SECONDS);
    }

    @Test
    void runWhenCallsOverlapThenOneContainerEachUpToTheConcurrency() throws Exception {
        ContainerPool<Box> pool = pool(2, 0, Duration.ZERO);
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Future<Integer> first = occupy(pool, running, release);
        Future<Integer> second = occupy(pool, running, release);
        await(running);

        assertThatThrownBy(() -> pool.run(Box::number)).isInstanceOf(ThrottledException.class);
        release.countDown();
        assertThat(List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS)))
                .containsExactlyInAnyOrder(1, 2);
        assertThat(pool.size()).isEqualTo(2);
    }

    @Test
    void runWhenReservedConcurrencyIsZeroThenEveryCallThrottledAndNoContainerBuilt() {
        ContainerPool<Box> pool = pool(0, 8, Duration.ofSeconds(1));

        assertThatThrownBy(() -> pool.run(Box::number)).isInstanceOfSatisfying(ThrottledException.class,
                e -> assertThat(e.reason()).isEqualTo(ThrottledException.Reason.NO_CONCURRENCY));
        assertThat(created).hasValue(0);
    }

    @Test
    void runWhenWorkThrowsThenTheContainerAndItsPermitComeBack() throws Exception {
        ContainerPool<Box> pool = pool(1, 0, Duration.ZERO);

        assertThatThrownBy(() -> pool.run(box -> {
            throw new IllegalStateException("handler failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(pool.run(Box::number)).isEqualTo(1);
    }

    @Test
    void closeWhenContainersCreatedThenClosesEachOnce() throws Exception {
        ContainerPool<Box> pool = pool(2, 0, Duration.ZERO);
        pool.run(Box::number);

        pool.close();

        assertThat(closed).containsExactly(new Box(1));
    }
}
