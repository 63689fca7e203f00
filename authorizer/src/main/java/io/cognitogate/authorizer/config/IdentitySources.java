package io.cognitogate.authorizer.config;

import io.cognitogate.token.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An authorizer's identity sources as API Gateway is configured with them (IDENTITY_SOURCE,
 * comma-separated): the request values it keys cached answers by. REST APIs spell them {@code
 * method.request.header.NAME}, {@code method.request.querystring.NAME}, {@code stageVariables.NAME}
 * or {@code context.NAME}; HTTP APIs {@code $request.header.NAME}, {@code
 * $request.querystring.NAME}, {@code $stageVariables.NAME} or {@code $context.NAME}. Header names
 * are case-insensitive, as in HTTP.
 */
public final class IdentitySources {
  /** Which API's spelling. */
  public enum Api {
    REST("method.request.header.", "method.request.querystring.", "stageVariables.", "context."),
    HTTP("$request.header.", "$request.querystring.", "$stageVariables.", "$context.");

    private final String header;
    private final List<String> prefixes;

    Api(String header, String... others) {
      this.header = header;
      List<String> all = new ArrayList<>(List.of(others));
      all.add(0, header);
      this.prefixes = List.copyOf(all);
    }

    /** The identity source of the Authorization header. */
    public String authorizationHeader() {
      return header + "Authorization";
    }
  }

  private static final String NAME_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";

  private final Api api;
  private final List<String> expressions;

  private IdentitySources(Api api, List<String> expressions) {
    this.api = api;
    this.expressions = List.copyOf(expressions);
  }

  /** The Authorization header alone: what serverless.yml configures. */
  public static IdentitySources authorizationHeader(Api api) {
    return new IdentitySources(api, List.of(api.authorizationHeader()));
  }

  /**
   * @throws InvalidConfigException naming {@code variable}, never quoting the text
   */
  public static IdentitySources parse(Api api, String text, String variable) {
    List<String> expressions = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String expression = part.trim();
      if (!valid(api, expression)) {
        throw new InvalidConfigException(
            variable,
            "identity sources are comma-separated and each looks like "
                + api.authorizationHeader());
      }
      expressions.add(expression);
    }
    return new IdentitySources(api, expressions);
  }

  private static boolean valid(Api api, String expression) {
    for (String prefix : api.prefixes) {
      if (expression.startsWith(prefix)) {
        String name = expression.substring(prefix.length());
        if (name.isEmpty() || name.length() > 128) {
          return false;
        }
        for (int i = 0; i < name.length(); i++) {
          if (NAME_CHARS.indexOf(name.charAt(i)) < 0) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the Authorization header is one of them, so that a cached answer is one caller's own.
   */
  public boolean includeAuthorizationHeader() {
    String wanted = api.authorizationHeader().toLowerCase(Locale.ROOT);
    for (String expression : expressions) {
      if (expression.toLowerCase(Locale.ROOT).equals(wanted)) {
        return true;
      }
    }
    return false;
  }

  public List<String> expressions() {
    return expressions;
  }

  @Override
  public String toString() {
    return String.join(",", expressions);
  }
}
