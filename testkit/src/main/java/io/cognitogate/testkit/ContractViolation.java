package io.cognitogate.testkit;

/**
 * A response the API's OpenAPI contract does not allow; a test failure, with the reason to branch
 * on.
 */
public final class ContractViolation extends AssertionError {

  private static final long serialVersionUID = 1L;

  public enum Reason {
    /** No path of the spec matches the request path. */
    UNDECLARED_ROUTE,
    /** The path is declared, the method is not. */
    UNDECLARED_METHOD,
    /** The operation does not declare this status (nor a range or default covering it). */
    UNDECLARED_STATUS,
    /** A body came without a Content-Type header. */
    MISSING_CONTENT_TYPE,
    /** The status declares no such media type. */
    UNDECLARED_CONTENT_TYPE,
    /** The status declares no content, yet a body came (or content is declared and none came). */
    UNEXPECTED_BODY,
    /** A JSON media type whose body is not one JSON value. */
    BODY_NOT_JSON,
    /** The body breaks the declared schema. */
    BODY_INVALID,
    /** A header the status declares required is absent. */
    MISSING_HEADER,
    /** A declared string header breaks its schema. */
    HEADER_INVALID
  }

  private final Reason reason;

  ContractViolation(Reason reason, String operation, int status, String detail) {
    super(
        operation
            + " -> "
            + status
            + ": "
            + reason
            + " ("
            + detail
            + "); the contract is docs/openapi.yaml");
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
