package io.cognitogate.token;

/**
 * Why a token was rejected. Stable codes: they appear in the decision log line. Listed in the order
 * the verifier checks (see {@link CognitoTokenVerifier}).
 */
public enum Reason {
  /** No Authorization value, an empty one, or the scheme alone. */
  MISSING_TOKEN,
  /** A scheme other than {@code Bearer}. */
  UNSUPPORTED_SCHEME,
  /** Over {@link BearerToken#MAX_LENGTH} characters. */
  TOKEN_TOO_LARGE,
  /** A control character anywhere in the value. */
  ILLEGAL_CHARACTERS,
  /**
   * Not a compact JWT java-jwt can decode: segments, base64url, JSON, claim types it reads itself.
   */
  MALFORMED_TOKEN,
  /** The header's {@code alg} is not RS256 (none, HS256, RS512, missing). */
  UNSUPPORTED_ALGORITHM,
  /**
   * The header has a {@code crit} parameter: no extension is understood here (RFC 7515 section
   * 4.1.11).
   */
  UNSUPPORTED_CRITICAL_HEADER,
  /** The header has no {@code kid}. */
  MISSING_KID,
  /**
   * No usable RS256 key of the pool has this {@code kid}, even after the refetch it was allowed.
   */
  UNKNOWN_KID,
  BAD_SIGNATURE,
  WRONG_ISSUER,
  MISSING_EXPIRY,
  EXPIRED,
  NOT_YET_VALID,
  ISSUED_IN_FUTURE,
  /**
   * A claim we read has the wrong JSON type (a numeric {@code sub}, a string {@code
   * cognito:groups}).
   */
  INVALID_CLAIM_TYPE,
  MISSING_TOKEN_USE,
  WRONG_TOKEN_USE,
  CLIENT_NOT_ALLOWED,
  MISSING_SUBJECT
}
