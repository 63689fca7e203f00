package io.cognitogate.authorizer.rules;

import io.cognitogate.authorizer.policy.MethodArn;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code VERB /path}: one route, or with a trailing {@code /*} a path and everything below it
 * ({@code /admin/*} covers {@code /admin} and {@code /admin/users/1}; {@code /*} every path).
 * {@code GET} also names {@code HEAD} (the same resource without the body); {@code *} every verb.
 * The path is literal: letters, digits and {@code -._~@:+,!$'()}; no percent-encoding, no {@code
 * ;}, no empty or dot segments, at most {@value #MAX_PATH_LENGTH} characters.
 */
public final class RoutePattern {
  static final int MAX_PATH_LENGTH = 256;

  private static final Set<String> VERBS =
      Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "*");
  private static final String SEGMENT_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~@:+,!$'()";

  private final String verb;
  private final String path;
  private final boolean prefix;

  /**
   * The path without a trailing {@code /*} ("" for {@code /*}), lower case, for matching requests.
   */
  private final String foldedBase;

  private RoutePattern(String verb, String path) {
    this.verb = verb;
    this.path = path;
    this.prefix = path.endsWith("/*");
    this.foldedBase =
        (prefix ? path.substring(0, path.length() - 2) : path).toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException saying what is wrong, never quoting the text
   */
  static RoutePattern parse(String text) {
    String route = text.trim();
    int space = route.indexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("route needs a verb and a path");
    }
    String verb = route.substring(0, space).toUpperCase(Locale.ROOT);
    String path = route.substring(space + 1).trim();
    if (!VERBS.contains(verb)) {
      throw new IllegalArgumentException("unknown verb");
    }
    if (!validPath(path)) {
      throw new IllegalArgumentException(
          "path must start with '/', hold only letters, digits and -._~@:+,!$'()"
              + " (no percent-encoding, empty or dot segments), may only end in '/*' and is at most "
              + MAX_PATH_LENGTH
              + " characters");
    }
    return new RoutePattern(verb, path);
  }

  private static boolean validPath(String path) {
    if (path.equals("/") || path.equals("/*")) {
      return true;
    }
    if (path.length() > MAX_PATH_LENGTH || !path.startsWith("/")) {
      return false;
    }
    String literal = path.endsWith("/*") ? path.substring(0, path.length() - 2) : path;
    for (String segment : literal.substring(1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
      for (int i = 0; i < segment.length(); i++) {
        if (SEGMENT_CHARS.indexOf(segment.charAt(i)) < 0) {
          return false;
        }
      }
    }
    return true;
  }

  public String verb() {
    return verb;
  }

  public String path() {
    return path;
  }

  public boolean isPrefix() {
    return prefix;
  }

  /**
   * Whether the request's verb is one this pattern names ({@code HEAD} is named by {@code GET}).
   */
  boolean coversVerb(String requestVerb) {
    return "*".equals(verb)
        || verb.equals(requestVerb)
        || "GET".equals(verb) && "HEAD".equals(requestVerb);
  }

  /**
   * Whether one reading of the request's path (lower case, no trailing '/') is under this pattern.
   */
  boolean coversFolded(String candidate) {
    if (!prefix) {
      return foldedBase.equals(candidate);
    }
    return foldedBase.isEmpty()
        || candidate.equals(foldedBase)
        || candidate.startsWith(foldedBase + "/");
  }

  /** The verbs of the policy's resources: {@code GET} comes with {@code HEAD}. */
  List<String> iamVerbs() {
    return "GET".equals(verb) ? List.of("GET", "HEAD") : List.of(verb);
  }

  /**
   * What a policy allows for this pattern: the route as configured, with a trailing slash, and for
   * {@code GET} the same for {@code HEAD}. Any other spelling (letter case, percent-encoding) is
   * left to the implicit deny.
   */
  void allowResources(MethodArn stage, Collection<String> out) {
    for (String iamVerb : iamVerbs()) {
      for (String relative : literalForms()) {
        out.add(stage.resource(iamVerb, relative));
      }
    }
  }

  /**
   * What a policy denies for this pattern, so that the cached policy also denies the spellings a
   * request could use for it: the {@link #allowResources} forms; every percent-encoded spelling
   * (for each position, the path up to it followed by an escape with the high hex digit of the
   * character there; it also denies the few other paths that begin that way); and matrix parameters
   * ({@code ;...}) after any segment of the path.
   */
  void denyResources(MethodArn stage, Collection<String> out) {
    List<String> relatives = new ArrayList<>(literalForms());
    String literal = literalRelative();
    if (!literal.isEmpty()) {
      // the characters a spelling may encode: the path and, after it, the '/' of a trailing slash
      // or a sub-path
      String encodable = literal + "/";
      for (int i = 0; i < encodable.length(); i++) {
        relatives.add(
            literal.substring(0, i)
                + "%"
                + Character.forDigit(encodable.charAt(i) >>> 4, 16)
                + "?*");
      }
      for (int i = 0; i <= literal.length(); i++) {
        if (i == literal.length() || literal.charAt(i) == '/') {
          relatives.add(literal.substring(0, i) + ";*");
        }
      }
    } else if (!prefix) {
      relatives.add(";*");
    }
    for (String iamVerb : iamVerbs()) {
      for (String relative : relatives) {
        out.add(stage.resource(iamVerb, relative));
      }
    }
  }

  /**
   * The path without its leading '/' and without a trailing {@code /*}: "mock/admin", "" for the
   * root.
   */
  private String literalRelative() {
    String literal = prefix ? path.substring(0, path.length() - 2) : path;
    return literal.isEmpty() ? literal : literal.substring(1);
  }

  /**
   * The literal spellings, relative: exact "a/b" and "a/b/"; prefix "a" and "a/*"; root ""; all
   * "*".
   */
  private List<String> literalForms() {
    String literal = literalRelative();
    if (prefix) {
      return literal.isEmpty() ? List.of("*") : List.of(literal, literal + "/*");
    }
    return literal.isEmpty() ? List.of("") : List.of(literal, literal + "/");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RoutePattern that && verb.equals(that.verb) && path.equals(that.path);
  }

  @Override
  public int hashCode() {
    return verb.hashCode() * 31 + path.hashCode();
  }

  @Override
  public String toString() {
    return verb + " " + path;
  }
}
