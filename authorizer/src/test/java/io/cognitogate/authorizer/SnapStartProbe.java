package io.cognitogate.authorizer;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.cognitogate.testkit.ClassLoadTrace;

/**
 * What a SnapStart function goes through, in a fresh JVM traced by {@link ClassLoadTrace}: the
 * handler built from the process environment (Lambda's init), {@code beforeCheckpoint}, the
 * snapshot's time in storage, {@code afterRestore}, then the requests named on the command line,
 * each in a section of its own ({@code request:<name>}). The events are built first: on Lambda the
 * runtime makes them.
 *
 * <p>Arguments: the milliseconds between checkpoint and restore, then (name, method ARN,
 * Authorization value) for each request. Last comes a {@code control} section that uses a class
 * nothing used before, so the trace is seen to catch a late load; then one {@code @@result} line
 * per request.
 */
public final class SnapStartProbe {
  static final String REQUEST = "request:";
  static final String RESULT = "@@result ";

  private SnapStartProbe() {}

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
    int count = (args.length - 1) / 3;
    String[] names = new String[count];
    APIGatewayCustomAuthorizerEvent[] events = new APIGatewayCustomAuthorizerEvent[count];
    for (int i = 0; i < count; i++) {
      names[i] = args[1 + 3 * i];
      events[i] = new APIGatewayCustomAuthorizerEvent();
      events[i].setType("TOKEN");
      events[i].setMethodArn(args[2 + 3 * i]);
      events[i].setAuthorizationToken(args[3 + 3 * i]);
    }
    TokenAuthorizerHandler handler = new TokenAuthorizerHandler();
    SnapStartHooks hooks = handler.snapStartHooks();

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

  /** The principal of an answered request, or the class of what it threw. */
  private static String describe(Object result) {
    if (result instanceof IamPolicyResponseV1 response) {
      return "policy:" + response.getPrincipalId();
    }
    return ((Throwable) result).getClass().getSimpleName();
  }
}
