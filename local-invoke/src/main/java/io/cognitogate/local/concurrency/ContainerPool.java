package io.cognitogate.local.concurrency;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The execution environments of one function: at most {@code concurrency} containers, each running
 * one invocation at a time, as Lambda's reserved concurrency allows. An invocation that finds every
 * container busy waits in a queue of at most {@code queue} invocations for at most {@code maxWait},
 * then is refused with a {@link ThrottledException}.
 *
 * <p>The first container starts on the invocation that needs it, as a Lambda cold start. Further
 * ones start off the request path, one at a time, while invocations wait for the busy ones: on a
 * laptop a cold start takes seconds of the same CPU the warm containers need, so no invocation
 * waits for one (a warm container comes free long before), and a started container joins the others
 * when it is warm. Idle containers are reused most recently used first, so a steady load keeps
 * reusing the warm ones.
 *
 * @param <C> the container type
 */
public final class ContainerPool<C> implements AutoCloseable {

  private final int concurrency;
  private final int queue;
  private final long maxWaitNanos;
  private final Supplier<C> factory;
  private final Consumer<C> warmer;
  private final Consumer<C> closer;
  private final Executor starter;
  private final LinkedBlockingDeque<C> idle = new LinkedBlockingDeque<>();
  private final AtomicInteger waiting = new AtomicInteger();
  // created or being created; never above the concurrency
  private final AtomicInteger containers = new AtomicInteger();
  private final AtomicBoolean starting = new AtomicBoolean();
  private final List<C> created = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /**
   * @param factory builds a container (cheap: its cold start happens in {@code warmer} or its first
   *     use)
   * @param warmer runs a container's cold start, for the ones started off the request path
   * @param closer releases a container when the pool closes
   * @param starter runs those starts; one thread for all pools keeps them from crowding the CPU
   */
  public ContainerPool(
      int concurrency,
      int queue,
      Duration maxWait,
      Supplier<C> factory,
      Consumer<C> warmer,
      Consumer<C> closer,
      Executor starter) {
    if (concurrency < 0 || queue < 0 || maxWait.isNegative()) {
      throw new IllegalArgumentException("concurrency, queue and wait must not be negative");
    }
    this.concurrency = concurrency;
    this.queue = queue;
    this.maxWaitNanos = maxWait.toNanos();
    this.factory = factory;
    this.warmer = warmer;
    this.closer = closer;
    this.starter = starter;
  }

  /** Runs {@code work} on a free container, waiting for one within the bounds. */
  public <R> R run(Function<C, R> work) throws ThrottledException {
    C container = take();
    try {
      return work.apply(container);
    } finally {
      idle.offerFirst(container);
    }
  }

  private C take() throws ThrottledException {
    if (concurrency == 0) {
      throw new ThrottledException(ThrottledException.Reason.NO_CONCURRENCY);
    }
    C container = idle.pollFirst();
    if (container != null) {
      return container;
    }
    if (containers.compareAndSet(0, 1)) {
      try {
        return create();
      } catch (RuntimeException e) {
        containers.decrementAndGet();
        throw e;
      }
    }
    startAnother();
    // one may have come free (or been started) meanwhile
    container = idle.pollFirst();
    if (container != null) {
      return container;
    }
    if (waiting.incrementAndGet() > queue) {
      waiting.decrementAndGet();
      throw new ThrottledException(ThrottledException.Reason.QUEUE_FULL);
    }
    try {
      container = idle.pollFirst(maxWaitNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ThrottledException(ThrottledException.Reason.INTERRUPTED);
    } finally {
      waiting.decrementAndGet();
    }
    if (container == null) {
      throw new ThrottledException(ThrottledException.Reason.WAITED_TOO_LONG);
    }
    return container;
  }

  /**
   * One more container, warmed off the request path, if the concurrency allows and none is
   * starting.
   */
  private void startAnother() {
    if (closed || !starting.compareAndSet(false, true)) {
      return;
    }
    if (containers.incrementAndGet() > concurrency) {
      containers.decrementAndGet();
      starting.set(false);
      return;
    }
    starter.execute(
        () -> {
          try {
            C container = create();
            warmer.accept(container);
            if (closed) {
              closer.accept(container);
            } else {
              idle.offerFirst(container);
            }
          } catch (RuntimeException e) {
            containers.decrementAndGet();
          } finally {
            starting.set(false);
          }
        });
  }

  private C create() {
    C container = factory.get();
    created.add(container);
    return container;
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
    closed = true;
    created.forEach(closer);
    created.clear();
    idle.clear();
  }
}
