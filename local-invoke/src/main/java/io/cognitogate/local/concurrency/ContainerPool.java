package io.cognitogate.local.concurrency;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The execution environments of one function: at most {@code concurrency} containers, each running one
 * invocation at a time, as Lambda's reserved concurrency allows. An invocation that finds every container
 * busy waits in a queue of at most {@code queue} invocations for at most {@code maxWait}, then is refused
 * with a {@link ThrottledException}. Containers are created on demand and reused most recently used first,
 * so a steady load keeps reusing the warm ones.
 *
 * @param <C> the container type
 */
public final class ContainerPool<C> implements AutoCloseable {

    private final int concurrency;
    private final int queue;
    private final long maxWaitNanos;
    private final Supplier<C> factory;
    private final Consumer<C> closer;
    // fair: the invocation that waited longest gets the next free container
    private final Semaphore permits;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ConcurrentLinkedDeque<C> idle = new ConcurrentLinkedDeque<>();
    private final List<C> created = new CopyOnWriteArrayList<>();

    public ContainerPool(int concurrency, int queue, Duration maxWait, Supplier<C> factory, Consumer<C> closer) {
        if (concurrency < 0 || queue < 0 || maxWait.isNegative()) {
            throw new IllegalArgumentException("concurrency, queue and wait must not be negative");
        }
        this.concurrency = concurrency;
        this.queue = queue;
        this.maxWaitNanos = maxWait.toNanos();
        this.factory = factory;
        this.closer = closer;
        this.permits = new Semaphore(concurrency, true);
    }

    /** Runs {@code work} on a free container, waiting for one within the bounds. */
    public <R> R run(Function<C, R> work) throws ThrottledException {
        acquire();
        C container = idle.pollFirst();
        try {
            if (container == null) {
                container = factory.get();
                created.add(container);
            }
            return work.apply(container);
        } finally {
            if (container != null) {
                idle.offerFirst(container);
            }
            permits.release();
        }
    }

    private void acquire() throws ThrottledException {
        if (concurrency == 0) {
            throw new ThrottledException(ThrottledException.Reason.NO_CONCURRENCY);
        }
        try {
            // a timed tryAcquire honours the queue's order; the untimed one would jump it
            if (permits.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                return;
            }
            if (waiting.incrementAndGet() > queue) {
                waiting.decrementAndGet();
                throw new ThrottledException(ThrottledException.Reason.QUEUE_FULL);
            }
            try {
                if (!permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                    throw new ThrottledException(ThrottledException.Reason.WAITED_TOO_LONG);
                }
            } finally {
                waiting.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ThrottledException(ThrottledException.Reason.INTERRUPTED);
        }
    }

    /** Invocations waiting for a container now. */
    public int waiting() {
        return waiting.get();
    }

    /** Containers created so far (never more than the concurrency). */
    public int size() {
        return created.size();
    }

    @Override
    public void close() {
        created.forEach(closer);
        created.clear();
        idle.clear();
    }
}
