package io.cognitogate.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.testkit.ClassLoadTrace;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The login function's SnapStart life in a fresh JVM traced by {@link ClassLoadTrace}: the handler
 * built from the process environment, {@code beforeCheckpoint}, time in storage, {@code
 * afterRestore}, then the logins named on the command line, each in a section {@code
 * request:<name>}. The events are built first (the runtime's work on Lambda).
 *
 * <p>Arguments: the milliseconds between checkpoint and restore, the request's Origin header, then
 * (name, body) per login. A {@code control} section uses a class nothing used before; then one
 * {@code @@result} line per login with its status code.
 */
public final class LoginProbe {
  static final String REQUEST = "request:";
  static final String RESULT = "@@result ";

  private LoginProbe() {}

  /** Loaded for the first time in the control section. */
  static final class Control {
    @Override
    public String toString() {
      return "control";
    }
  }

  public static void main(String[] args) throws InterruptedException {
    ClassLoadTrace.section("init");
    long storedMillis = Long.parseLong(args[0]);
    String origin = args[1];
    int count = (args.length - 2) / 2;
    String[] names = new String[count];
    APIGatewayProxyRequestEvent[] events = new APIGatewayProxyRequestEvent[count];
    for (int i = 0; i < count; i++) {
      names[i] = args[2 + 2 * i];
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      headers.put("Origin", origin);
      events[i] = new APIGatewayProxyRequestEvent();
      events[i].setHttpMethod("PUT");
      events[i].setPath("/auth");
      events[i].setResource("/auth");
      events[i].setHeaders(headers);
      events[i].setBody(args[3 + 2 * i]);
      events[i].setIsBase64Encoded(false);
    }
    LoginHandler handler = new LoginHandler();
    LoginPriming hooks = handler.snapStartHooks();

    ClassLoadTrace.section("beforeCheckpoint");
    hooks.beforeCheckpoint(null);
    ClassLoadTrace.section("stored");
    Thread.sleep(storedMillis);
    ClassLoadTrace.section("afterRestore");
    hooks.afterRestore(null);

    Object[] results = new Object[count];
    for (int i = 0; i < count; i++) {
      ClassLoadTrace.section(REQUEST.concat(names[i]));
      try {
        results[i] = handler.handleRequest(events[i], null);
      } catch (RuntimeException e) {
        results[i] = e;
      }
    }

    ClassLoadTrace.section("control");
    Object control = new Control();

    ClassLoadTrace.section("results");
    for (int i = 0; i < count; i++) {
      System.out.println(RESULT + names[i] + ' ' + describe(results[i]));
    }
    System.out.println(RESULT + "control " + control);
  }

  /** The status and the CORS origin of an answer, or the class of what the handler threw. */
  private static String describe(Object result) {
    if (result instanceof APIGatewayProxyResponseEvent response) {
      return response.getStatusCode()
          + " "
          + response.getHeaders().get("Access-Control-Allow-Origin");
    }
    return ((Throwable) result).getClass().getSimpleName();
  }
}
