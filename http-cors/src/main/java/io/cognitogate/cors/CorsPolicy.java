package io.cognitogate.cors;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CORS headers on the Lambda proxy responses ({@code CORS_ALLOW_ORIGIN}): with proxy integration
 * API Gateway adds none, so without them a browser cannot read our answers (errors included)
 * cross-origin. Unset: no header at all. {@code *}: {@code Access-Control-Allow-Origin: *}. A
 * comma-separated list of exact origins: the configured origin that equals the request's {@code
 * Origin}, plus {@code Vary: Origin} on every answer so a cache never hands one origin's answer to
 * another. Never credentials.
 */
public final class CorsPolicy {

  public static final String VARIABLE = "CORS_ALLOW_ORIGIN";

  /** No CORS headers: the safe default for a function run outside our template. */
  public static final CorsPolicy NONE = new CorsPolicy(false, List.of());

  private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
  private static final String VARY = "Vary";
  private static final String EXPOSE = "Access-Control-Expose-Headers";

  /**
   * Headers a browser hides from the page unless exposed: the error's scheme on a 401 and when to
   * retry a 429/503 (the JSON body carries the error code either way).
   */
  static final String EXPOSED = "WWW-Authenticate, Retry-After";

  private static final String FORMAT =
      " must be '*' or a comma-separated list of origins scheme://host[:port]"
          + " (lowercase, http or https, no path, no default port)";

  private final boolean anyOrigin;
  private final List<String> origins;

  private CorsPolicy(boolean anyOrigin, List<String> origins) {
    this.anyOrigin = anyOrigin;
    this.origins = origins;
  }

  /**
   * {@code CORS_ALLOW_ORIGIN}, optional; a malformed value fails init naming the variable, never
   * echoing it.
   */
  public static CorsPolicy fromEnvironment(Map<String, String> environment) {
    String value = environment.get(VARIABLE);
    return value == null || value.isBlank() ? NONE : parse(value.trim());
  }

  static CorsPolicy parse(String value) {
    if (value.equals("*")) {
      return new CorsPolicy(true, List.of());
    }
    String[] entries = value.split(",", -1);
    String[] origins = new String[entries.length];
    for (int i = 0; i < entries.length; i++) {
      String origin = entries[i].trim();
      String problem = problem(origin);
      if (problem != null) {
        throw new IllegalArgumentException(
            VARIABLE + FORMAT + "; entry " + (i + 1) + ": " + problem);
      }
      origins[i] = origin;
    }
    return new CorsPolicy(false, List.of(origins));
  }

  /**
   * Adds the CORS headers for {@code request} to {@code response} (into a copy of its header map,
   * which may be immutable) and returns it.
   */
  public APIGatewayProxyResponseEvent apply(
      APIGatewayProxyRequestEvent request, APIGatewayProxyResponseEvent response) {
    if (response == null || (!anyOrigin && origins.isEmpty())) {
      return response;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (response.getHeaders() != null) {
      headers.putAll(response.getHeaders());
    }
    if (anyOrigin) {
      headers.put(ALLOW_ORIGIN, "*");
      headers.put(EXPOSE, EXPOSED);
    } else {
      String allowed = allowedOrigin(request);
      if (allowed != null) {
        headers.put(ALLOW_ORIGIN, allowed);
        headers.put(EXPOSE, EXPOSED);
      }
      String vary = headers.get(VARY);
      headers.put(VARY, vary == null ? "Origin" : vary + ", Origin");
    }
    return response.withHeaders(headers);
  }

  /**
   * The configured origin equal to the request's one {@code Origin} header, or null; never the
   * request's text.
   */
  String allowedOrigin(APIGatewayProxyRequestEvent request) {
    String origin = requestOrigin(request);
    if (origin != null) {
      for (String allowed : origins) {
        // exact and case-sensitive: browsers send scheme and host lowercased, so anything else is
        // not theirs
        if (allowed.equals(origin)) {
          return allowed;
        }
      }
    }
    return null;
  }

  /**
   * The request's Origin (header name in any case, in headers or multiValueHeaders); null if absent
   * or ambiguous.
   */
  private static String requestOrigin(APIGatewayProxyRequestEvent request) {
    if (request == null) {
      return null;
    }
    String found = null;
    if (request.getHeaders() != null) {
      for (Map.Entry<String, String> header : request.getHeaders().entrySet()) {
        if ("origin".equalsIgnoreCase(header.getKey()) && header.getValue() != null) {
          if (found != null && !found.equals(header.getValue())) {
            return null;
          }
          found = header.getValue();
        }
      }
    }
    if (request.getMultiValueHeaders() != null) {
      for (Map.Entry<String, List<String>> header : request.getMultiValueHeaders().entrySet()) {
        if ("origin".equalsIgnoreCase(header.getKey()) && header.getValue() != null) {
          for (String value : header.getValue()) {
            // two different Origin headers: no browser sends that, so allow neither
            if (value != null && found != null && !found.equals(value)) {
              return null;
            }
            found = value == null ? found : value;
          }
        }
      }
    }
    return found;
  }

  /** Why {@code origin} is not a serialized browser origin, or null if it is one. */
  private static String problem(String origin) {
    int hostStart;
    String defaultPort;
    if (origin.startsWith("https://")) {
      hostStart = 8;
      defaultPort = "443";
    } else if (origin.startsWith("http://")) {
      hostStart = 7;
      defaultPort = "80";
    } else {
      return origin.isEmpty() ? "empty" : "not http:// or https:// (or '*' mixed with origins)";
    }
    int hostEnd = hostStart;
    if (origin.startsWith("[", hostStart)) {
      hostEnd = origin.indexOf(']', hostStart) + 1;
      if (hostEnd <= hostStart + 2
          || !only(origin, hostStart + 1, hostEnd - 1, "0123456789abcdef:.")) {
        return "bad IPv6 host";
      }
    } else {
      while (hostEnd < origin.length() && origin.charAt(hostEnd) != ':') {
        hostEnd++;
      }
      String host = origin.substring(hostStart, hostEnd);
      if (host.isEmpty()
          || host.startsWith(".")
          || host.endsWith(".")
          || host.contains("..")
          || !only(origin, hostStart, hostEnd, "abcdefghijklmnopqrstuvwxyz0123456789-.")) {
        return "host must be lowercase letters, digits, '-' and '.' (no path, no trailing '/')";
      }
    }
    if (hostEnd == origin.length()) {
      return null;
    }
    String port = origin.charAt(hostEnd) == ':' ? origin.substring(hostEnd + 1) : "";
    if (port.isEmpty()
        || port.length() > 5
        || port.charAt(0) == '0'
        || !only(port, 0, port.length(), "0123456789")
        || Integer.parseInt(port) > 65535) {
      return "port must be 1-65535 (no path, no trailing '/')";
    }
    // a browser omits the scheme's default port, so such an entry could never match
    return port.equals(defaultPort) ? "default port must be left out" : null;
  }

  private static boolean only(String text, int from, int to, String allowed) {
    for (int i = from; i < to; i++) {
      if (allowed.indexOf(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
