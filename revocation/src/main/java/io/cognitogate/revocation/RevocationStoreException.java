package io.cognitogate.revocation;

/**
 * The store could not answer: our fault, never the caller's. Carries no token, no sub, no SDK
 * message.
 */
public final class RevocationStoreException extends RuntimeException {
  public enum Reason {
    /** An attempt or the whole call ran out of time. */
    TIMEOUT,
    /** No connection (refused, reset, DNS). */
    UNREACHABLE,
    /** The store refused for capacity (throttling): the table or the account is at its limits. */
    THROTTLED,
    /**
     * The store answered with an error (missing table, access denied, 5xx) or no credentials could
     * be found.
     */
    ERROR
  }

  private final Reason reason;

  public RevocationStoreException(Reason reason, String detail) {
    super(reason + (detail == null ? "" : " (" + detail + ")"), null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
