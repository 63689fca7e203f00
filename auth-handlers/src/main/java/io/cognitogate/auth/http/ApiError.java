package io.cognitogate.auth.http;

/** The stable error codes of the auth API and their HTTP status. */
public enum ApiError {
  INVALID_REQUEST(400, "invalid_request"),
  INVALID_PASSWORD(400, "invalid_password"),
  INVALID_CODE(400, "invalid_code"),
  EXPIRED_CODE(400, "expired_code"),
  INVALID_CREDENTIALS(401, "invalid_credentials"),
  INVALID_GRANT(401, "invalid_grant"),
  INVALID_TOKEN(401, "invalid_token"),
  USER_NOT_CONFIRMED(403, "user_not_confirmed"),
  PASSWORD_RESET_REQUIRED(403, "password_reset_required"),
  USERNAME_EXISTS(409, "username_exists"),
  TOO_MANY_REQUESTS(429, "too_many_requests"),
  INTERNAL_ERROR(500, "internal_error"),
  UPSTREAM_ERROR(502, "upstream_error"),
  UPSTREAM_UNAVAILABLE(503, "upstream_unavailable"),
  /** Logout: the revocation marker could not be written, so nothing was revoked yet; retry. */
  REVOCATION_UNAVAILABLE(503, "revocation_unavailable");

  private final int status;
  private final String code;

  ApiError(int status, String code) {
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
