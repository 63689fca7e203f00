package io.cognitogate.authorizer.rules;

import io.cognitogate.authorizer.policy.MethodArn;
import io.cognitogate.token.VerifiedToken;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code VERB /path=requirement|requirement}: the route needs any one of the requirements.
 * A path ending in {@code /*} covers the path itself and everything below it.
 */
public record RouteRule(String verb, String path, List<Requirement> anyOf) {
  private static final Set<String> VERBS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "*");
  private static final Pattern PATH = Pattern.compile("/|/\\*|(/[A-Za-z0-9._~%@:+,!$'()-]+)+(/\\*)?");

  public RouteRule {
    anyOf = List.copyOf(anyOf);
  }

  static RouteRule parse(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("rule must look like 'VERB /path=group:NAME'");
    }
    String route = text.substring(0, eq).trim();
    int space = route.indexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("rule needs a verb and a path");
    }
    String verb = route.substring(0, space).toUpperCase(Locale.ROOT);
    String path = route.substring(space + 1).trim();
    if (!VERBS.contains(verb)) {
      throw new IllegalArgumentException("unknown verb in rule");
    }
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException("path must start with '/' and may only end in '/*'");
    }
    String[] alternatives = text.substring(eq + 1).split("\\|", -1);
    List<Requirement> anyOf = new java.util.ArrayList<>();
    for (String alternative : alternatives) {
      anyOf.add(Requirement.parse(alternative.trim()));
    }
    return new RouteRule(verb, path, anyOf);
  }

  boolean isPrefix() {
    return path.endsWith("/*");
  }

  /** The path without the trailing {@code /*} (empty for {@code /*}). */
  private String base() {
    return isPrefix() ? path.substring(0, path.length() - 2) : path;
  }

  boolean satisfiedBy(VerifiedToken token) {
    for (Requirement requirement : anyOf) {
      if (requirement.satisfiedBy(token)) {
        return true;
      }
    }
    return false;
  }

  /** Does this rule govern the request named by {@code arn}? */
  boolean matches(MethodArn arn) {
    if (!"*".equals(verb) && !verb.equals(arn.verb())) {
      return false;
    }
    if (!isPrefix()) {
      return path.equals(arn.path());
    }
    String base = base();
    return base.isEmpty() || arn.path().equals(base) || arn.path().startsWith(base + "/");
  }

  /** The execute-api resources of this route in the API stage of {@code arn}. */
  List<String> resources(MethodArn arn) {
    if (!isPrefix()) {
      return List.of(arn.resource(verb, path.substring(1)));
    }
    String base = base();
    if (base.isEmpty()) {
      return List.of(arn.resource(verb, "*"));
    }
    String relative = base.substring(1);
    return List.of(arn.resource(verb, relative), arn.resource(verb, relative + "/*"));
  }

  @Override
  public String toString() {
    return verb + " " + path;
  }
}
