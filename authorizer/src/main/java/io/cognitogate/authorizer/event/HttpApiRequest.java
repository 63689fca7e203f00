package io.cognitogate.authorizer.event;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import io.cognitogate.authorizer.policy.MalformedMethodArnException;
import io.cognitogate.authorizer.policy.MethodArn;
import io.cognitogate.authorizer.policy.RequestTarget;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP API authorizer event (payload 2.0) as what a simple (yes or no) answer is judged on: the
 * {@code routeArn} as a REST method ARN is, and, as method ARNs of the same stage, the route key
 * when it names one literal route ({@code GET /mock/admin}; not {@code $default}, not a {@code
 * {parameter}}) and the raw path (its stage prefix taken off on a named stage). The verb is the
 * request's ({@code requestContext.http.method}), also for an {@code ANY} route. A reading that
 * cannot be written as a method ARN makes the request {@link RequestTarget#unreadable()}.
 */
public final class HttpApiRequest {
  private HttpApiRequest() {}

  public static RequestTarget target(APIGatewayV2CustomAuthorizerEvent event) {
    String routeArn = event.getRouteArn();
    MethodArn arn;
    try {
      arn = MethodArn.parse(routeArn);
    } catch (MalformedMethodArnException e) {
      return RequestTarget.of(routeArn); // the decision reports it as our error
    }
    String verb = verb(event, arn);
    List<String> readings = new ArrayList<>(2);
    boolean unreadable = false;
    String routePath = literalRoutePath(event.getRouteKey());
    if (routePath != null) {
      unreadable |= !add(readings, arn, verb, routePath, routeArn);
    }
    String rawPath = event.getRawPath();
    if (rawPath != null) {
      unreadable |= !add(readings, arn, verb, withoutStage(rawPath, arn.stage()), routeArn);
    }
    return new RequestTarget(routeArn, readings, unreadable);
  }

  private static String verb(APIGatewayV2CustomAuthorizerEvent event, MethodArn arn) {
    APIGatewayV2CustomAuthorizerEvent.RequestContext context = event.getRequestContext();
    String method =
        context == null || context.getHttp() == null ? null : context.getHttp().getMethod();
    return method == null || method.isEmpty() ? arn.verb() : method.toUpperCase(Locale.ROOT);
  }

  /** The path of a route key {@code VERB /path} that names exactly one path; null otherwise. */
  static String literalRoutePath(String routeKey) {
    if (routeKey == null) {
      return null;
    }
    int space = routeKey.indexOf(' ');
    if (space < 0) {
      return null; // $default
    }
    String path = routeKey.substring(space + 1);
    return path.startsWith("/") && path.indexOf('{') < 0 ? path : null;
  }

  /** The raw path of a named stage starts with the stage's name; {@code $default} has no prefix. */
  static String withoutStage(String rawPath, String stage) {
    if (MethodArn.DEFAULT_STAGE.equals(stage)) {
      return rawPath;
    }
    String prefix = "/" + stage;
    if (rawPath.equals(prefix)) {
      return "/";
    }
    return rawPath.startsWith(prefix + "/") ? rawPath.substring(prefix.length()) : rawPath;
  }

  /** Adds the reading unless it is the routeArn itself; false when it is no valid method ARN. */
  private static boolean add(
      List<String> readings, MethodArn arn, String verb, String path, String routeArn) {
    if (!path.startsWith("/")) {
      return false;
    }
    String reading = arn.resource(verb, printable(path.substring(1)));
    try {
      MethodArn.parse(reading);
    } catch (MalformedMethodArnException e) {
      return false;
    }
    if (!reading.equals(routeArn) && !readings.contains(reading)) {
      readings.add(reading);
    }
    return true;
  }

  /**
   * Percent-encodes (UTF-8) what a method ARN cannot hold as it is (controls, spaces, non-ASCII),
   * so that the rules read the path as they read any escape: decoded once.
   */
  static String printable(String path) {
    boolean plain = true;
    for (int i = 0; i < path.length() && plain; i++) {
      char c = path.charAt(i);
      plain = c > 0x20 && c < 0x7f;
    }
    if (plain) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length() + 16);
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c > 0x20 && c < 0x7f) {
        out.append((char) c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >>> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
