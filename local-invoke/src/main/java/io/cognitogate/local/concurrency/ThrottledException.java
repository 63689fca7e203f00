package io.cognitogate.local.concurrency;

/**
 * An invocation refused because its function is at its concurrency limit, as Lambda throttles one.
 */
public final class ThrottledException extends Exception {

  /** Why no container was free. */
  public enum Reason {
    /** The function's reserved concurrency is 0: Lambda throttles every invocation. */
    NO_CONCURRENCY,
    /** Every container busy and the queue of waiting invocations full. */
    QUEUE_FULL,
    /** Queued, but no container came free within the wait bound. */
    WAITED_TOO_LONG,
    /** The server is stopping. */
    INTERRUPTED
  }

  private final Reason reason;

  public ThrottledException(Reason reason) {
    super(reason.name(), null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
