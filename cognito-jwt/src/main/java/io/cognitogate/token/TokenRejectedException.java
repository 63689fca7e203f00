package io.cognitogate.token;

/**
 * The client's token is not acceptable (caller's fault: 401). Carries a reason and, when known, the
 * name of the offending claim; never the token or a client-controlled claim value.
 */
public final class TokenRejectedException extends RuntimeException {
  private final Reason reason;
  private final String claim;
  private final String kid;
  private final String subject;

  public TokenRejectedException(Reason reason) {
    this(reason, null, null, null);
  }

  public TokenRejectedException(Reason reason, String claim) {
    this(reason, claim, null, null);
  }

  private TokenRejectedException(Reason reason, String claim, String kid, String subject) {
    // no stack trace: rejections are expected, frequent and may come in floods
    super(claim == null ? reason.name() : reason.name() + " (" + claim + ")", null, false, false);
    this.reason = reason;
    this.claim = claim;
    this.kid = kid;
    this.subject = subject;
  }

  /**
   * Same rejection, annotated with the key id / subject known at the point of failure (for the
   * log).
   */
  TokenRejectedException with(String knownKid, String verifiedSubject) {
    return new TokenRejectedException(reason, claim, knownKid, verifiedSubject);
  }

  public Reason reason() {
    return reason;
  }

  /** Name of the claim or header parameter at fault, or null. */
  public String claim() {
    return claim;
  }

  /** The key id of a key we hold, or null (an unknown kid is never echoed). */
  public String kid() {
    return kid;
  }

  /** The subject, only once the signature was verified; otherwise null. */
  public String subject() {
    return subject;
  }
}
