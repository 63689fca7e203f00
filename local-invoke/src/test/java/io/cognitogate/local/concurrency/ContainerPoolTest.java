package io.cognitogate.local.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContainerPoolTest {

  /** A stand-in container: its number in creation order. */
  private record Box(int number) {}

  private final AtomicInteger created = new AtomicInteger();
  private final List<Box> warmed = new CopyOnWriteArrayList<>();
  private final List<Box> closed = new CopyOnWriteArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  /** Extra containers start on the calling thread here, so a test sees them at once. */
  private ContainerPool<Box> pool(int concurrency, int queue, Duration maxWait) {
    return new ContainerPool<>(
        concurrency,
        queue,
        maxWait,
        () -> new Box(created.incrementAndGet()),
        warmed::add,
        closed::add,
        Runnable::run);
  }

  /**
   * Occupies one container until {@code release} opens; {@code running} opens once it holds one.
   */
  private Future<Integer> occupy(
      ContainerPool<Box> pool, CountDownLatch running, CountDownLatch release) {
    return threads.submit(
        () ->
            pool.run(
                box -> {
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

  private static void assertThrottled(ContainerPool<Box> pool, ThrottledException.Reason reason) {
    assertThatThrownBy(() -> pool.run(Box::number))
        .isInstanceOfSatisfying(
            ThrottledException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void runWhenCalledOneAfterAnotherThenTheFirstContainerEveryTimeColdStartedOnItsOwnCall()
      throws Exception {
    ContainerPool<Box> pool = pool(4, 0, Duration.ZERO);

    for (int i = 0; i < 5; i++) {
      assertThat(pool.run(Box::number)).isEqualTo(1);
    }
    assertThat(pool.size()).isEqualTo(1);
    assertThat(warmed).as("the first container starts on the call that needs it").isEmpty();
  }

  @Test
  void runWhenTheContainerIsBusyThenAnotherIsStartedOffTheRequestPathAndTheCallRunsOnIt()
      throws Exception {
    ContainerPool<Box> pool = pool(2, 1, Duration.ofSeconds(10));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Integer> busy = occupy(pool, running, release);
    await(running);

    assertThat(pool.run(Box::number)).isEqualTo(2);
    assertThat(warmed).containsExactly(new Box(2));
    release.countDown();
    assertThat(busy.get(10, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void runWhenEveryContainerBusyAtTheConcurrencyAndNoQueueThenThrottledAsQueueFull()
      throws Exception {
    ContainerPool<Box> pool = pool(2, 0, Duration.ofSeconds(10));
    CountDownLatch running = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    Future<Integer> first = occupy(pool, running, release);
    Future<Integer> second = occupy(pool, running, release);
    await(running);

    assertThrottled(pool, ThrottledException.Reason.QUEUE_FULL);
    assertThat(pool.size()).as("never more containers than the concurrency").isEqualTo(2);
    release.countDown();
    assertThat(List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS)))
        .containsExactlyInAnyOrder(1, 2);
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
    while (pool.waiting() != 1) {
      Thread.onSpinWait();
    }

    assertThrottled(pool, ThrottledException.Reason.QUEUE_FULL);
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

    assertThrottled(pool, ThrottledException.Reason.WAITED_TOO_LONG);
    assertThat(pool.waiting()).as("the timed-out call left the queue").isZero();
    release.countDown();
    busy.get(10, TimeUnit.SECONDS);
  }

  @Test
  void runWhenReservedConcurrencyIsZeroThenEveryCallThrottledAndNoContainerBuilt() {
    ContainerPool<Box> pool = pool(0, 8, Duration.ofSeconds(1));

    assertThrottled(pool, ThrottledException.Reason.NO_CONCURRENCY);
    assertThat(created).hasValue(0);
  }

  @Test
  void runWhenWorkThrowsThenTheContainerComesBack() throws Exception {
    ContainerPool<Box> pool = pool(1, 0, Duration.ZERO);

    assertThatThrownBy(
            () ->
                pool.run(
                    box -> {
                      throw new IllegalStateException("handler failed");
                    }))
        .isInstanceOf(IllegalStateException.class);
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
