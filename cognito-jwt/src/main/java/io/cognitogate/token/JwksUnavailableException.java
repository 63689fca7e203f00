package io.cognitogate.token;

/**
 * No signing key can be had from the JWKS endpoint (our fault, not the caller's: 500, never 401).
 */
public final class JwksUnavailableException extends RuntimeException {
  public JwksUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public JwksUnavailableException(String message) {
    super(message);
  }
}
