package io.cognitogate.token;

import java.util.List;
import java.util.Set;

/**
 * The claim rules, one small pure function each; {@link CognitoTokenVerifier} runs them in a fixed
 * order. Times are epoch seconds; a token is accepted while {@code now < exp + leeway} and rejected
 * while {@code now < nbf - leeway} or {@code now < iat - leeway}.
 */
final class ClaimChecks {
  private ClaimChecks() {
  }

  static void issuer(JwtClaims claims, String expected) {
    if (!expected.equals(claims.iss)) {
      throw new TokenRejectedException(Reason.WRONG_ISSUER, "iss");
    }
  }

  static long notExpired(JwtClaims claims, long nowSeconds, long leewaySeconds) {
    long exp = numericDate(claims.exp, "exp", Reason.MISSING_EXPIRY);
    if (exp <= nowSeconds - leewaySeconds) {
      throw new TokenRejectedException(Reason.EXPIRED, "exp");
    }
    return exp;
  }

  static void notBefore(JwtClaims claims, long nowSeconds, long leewaySeconds) {
    if (claims.nbf != null && numericDate(claims.nbf, "nbf", null) > nowSeconds + leewaySeconds) {
      throw new TokenRejectedException(Reason.NOT_YET_VALID, "nbf");
    }
  }

  static void issuedInPast(JwtClaims claims, long nowSeconds, long leewaySeconds) {
    if (claims.iat != null && numericDate(claims.iat, "iat", null) > nowSeconds + leewaySeconds) {
      throw new TokenRejectedException(Reason.ISSUED_IN_FUTURE, "iat");
    }
  }

  static void tokenUse(JwtClaims claims, TokenUse expected) {
    if (claims.tokenUse == null) {
      throw new TokenRejectedException(Reason.MISSING_TOKEN_USE, "token_use");
    }
    if (!expected.claimValue().equals(claims.tokenUse)) {
      throw new TokenRejectedException(Reason.WRONG_TOKEN_USE, "token_use");
    }
  }

  /** Returns the allowed app client the token was issued to. */
  static String client(JwtClaims claims, TokenUse use, Set<String> allowed) {
    Object client = use == TokenUse.ID ? claims.aud : claims.clientId;
    if (client instanceof String id && allowed.contains(id)) {
      return id;
    }
    if (use == TokenUse.ID && client instanceof List<?>) {
      for (String aud : JwtClaims.asList(client)) {
        if (allowed.contains(aud)) {
          return aud;
        }
      }
    }
    throw new TokenRejectedException(Reason.CLIENT_NOT_ALLOWED, use.clientClaim());
  }

  static String subject(JwtClaims claims) {
    if (claims.sub instanceof String sub && !sub.isEmpty()) {
      return sub;
    }
    throw new TokenRejectedException(claims.sub == JwtClaims.INVALID ? Reason.INVALID_CLAIM_TYPE : Reason.MISSING_SUBJECT, "sub");
  }

  /** An optional string claim: "" when absent, rejected when of another type. */
  static String optionalString(Object value, String name) {
    if (value == null) {
      return "";
    }
    if (value instanceof String string) {
      return string;
    }
    throw new TokenRejectedException(Reason.INVALID_CLAIM_TYPE, name);
  }

  /** An optional array of strings: empty when absent, rejected when of another type. */
  static List<String> optionalStrings(Object value, String name) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?>) {
      return JwtClaims.asList(value);
    }
    throw new TokenRejectedException(Reason.INVALID_CLAIM_TYPE, name);
  }

  /** An optional NumericDate: {@link VerifiedToken#NO_AUTH_TIME} when absent, rejected when not a number. */
  static long optionalNumericDate(Object value, String name) {
    return value == null ? VerifiedToken.NO_AUTH_TIME : numericDate(value, name, null);
  }

  private static long numericDate(Object value, String name, Reason whenMissing) {
    if (value instanceof Long seconds) {
      return seconds;
    }
    throw new TokenRejectedException(value == null && whenMissing != null ? whenMissing : Reason.INVALID_CLAIM_TYPE, name);
  }
}
