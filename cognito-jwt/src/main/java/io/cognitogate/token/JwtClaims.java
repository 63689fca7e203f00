package io.cognitogate.token;

import java.util.List;

/**
 * The payload claims the checks use, read in one streaming pass (other claims are skipped, not
 * materialised). Each field is null when absent, {@link #INVALID} when of the wrong JSON type,
 * otherwise a String, Long (NumericDate) or List of String.
 */
final class JwtClaims {
  static final Object INVALID = new Object() {
    @Override
    public String toString() {
      return "<invalid type>";
    }
  };

  Object iss;
  Object sub;
  Object exp;
  Object nbf;
  Object iat;
  Object tokenUse;
  Object clientId;
  /** A String or a List of String. */
  Object aud;
  Object username;
  Object cognitoUsername;
  Object scope;
  Object groups;
  Object jti;
  Object originJti;
  Object authTime;

  @SuppressWarnings("unchecked")
  static List<String> asList(Object value) {
    return (List<String>) value;
  }
}
