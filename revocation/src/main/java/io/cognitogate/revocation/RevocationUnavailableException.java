package io.cognitogate.revocation;

/**
 * Closed failure mode: the store could not say whether the token is revoked, so the request must
 * fail (API Gateway: 500, remapped to 503). Not a rejection of the token: never cache it as a Deny.
 */
public final class RevocationUnavailableException extends RuntimeException {
  private final RevocationStoreException.Reason reason;

  public RevocationUnavailableException(RevocationStoreException.Reason reason) {
    super("revocation store unavailable: " + reason, null, false, false);
    this.reason = reason;
  }

  public RevocationStoreException.Reason reason() {
    return reason;
  }
}
