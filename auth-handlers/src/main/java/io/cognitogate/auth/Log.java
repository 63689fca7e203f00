package io.cognitogate.auth;

import io.cognitogate.auth.cognito.CognitoFailure;
import io.cognitogate.auth.http.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON line per event on stdout (Lambda ships it to CloudWatch). Only routes, reasons, field
 * names and Cognito error codes and request ids are ever written: no request values, no Cognito
 * messages, no tokens, passwords, sessions or secrets.
 */
public final class Log {

  private Log() {}

  public static void cognitoFailure(String route, CognitoFailure failure) {
    Map<String, Object> line = new LinkedHashMap<>();
    boolean ours = failure.reason() == CognitoFailure.Reason.MISCONFIGURED;
    boolean upstream =
        failure.reason() == CognitoFailure.Reason.UPSTREAM_ERROR
            || failure.reason() == CognitoFailure.Reason.UNAVAILABLE;
    line.put(
        "level",
        ours || upstream
            ? "ERROR"
            : failure.reason() == CognitoFailure.Reason.THROTTLED ? "WARN" : "INFO");
    line.put("event", ours ? "cognito_misconfiguration" : "cognito_failure");
    line.put("route", route);
    line.put("reason", failure.reason().name());
    line.put("operation", failure.operation());
    line.put("cognitoError", failure.cognitoError());
    line.put("awsRequestId", failure.requestId());
    if (ours) {
      line.put(
          "hint",
          "check APP_CLIENT_ID, the client secret source, the client's auth flows and IAM;"
              + " this is not the caller's fault");
    }
    write(line);
  }

  public static void badRequest(String route, String field) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("level", "INFO");
    line.put("event", "bad_request");
    line.put("route", route);
    line.put("field", field);
    write(line);
  }

  public static void unexpected(String route, Throwable error) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("level", "ERROR");
    line.put("event", "unexpected_error");
    line.put("route", route);
    // the class and our own frame only: exception messages from libraries can quote input
    line.put("exception", error.getClass().getName());
    StackTraceElement[] trace = error.getStackTrace();
    line.put("at", trace.length > 0 ? trace[0].toString() : null);
    write(line);
  }

  /**
   * Revocation markers (logout): the event and a reason code only, never the token or its claims.
   */
  public static void revocation(String route, String event, String level, String reason) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("level", level);
    line.put("event", event);
    line.put("route", route);
    if (reason != null) {
      line.put("reason", reason);
    }
    write(line);
  }

  /** A SnapStart hook's outcome: our own words, no request data. */
  public static void snapStart(String event, String detail) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("level", "INFO");
    line.put("event", event);
    line.put("detail", detail);
    write(line);
  }

  private static void write(Map<String, Object> line) {
    System.out.println(Json.object(line));
  }
}
