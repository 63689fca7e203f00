package io.cognitogate.authorizer.rules;

import io.cognitogate.token.VerifiedToken;

/** {@code group:NAME} (Cognito group) or {@code scope:NAME} (OAuth scope). */
public record Requirement(Kind kind, String name) {
  public enum Kind {
    GROUP,
    SCOPE
  }

  static Requirement parse(String text) {
    int colon = text.indexOf(':');
    String prefix = colon < 0 ? "" : text.substring(0, colon);
    String name = colon < 0 ? "" : text.substring(colon + 1);
    if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("requirement needs a name: group:NAME or scope:NAME");
    }
    return switch (prefix) {
      case "group" -> new Requirement(Kind.GROUP, name);
      case "scope" -> new Requirement(Kind.SCOPE, name);
      default -> throw new IllegalArgumentException("requirement must start with group: or scope:");
    };
  }

  boolean satisfiedBy(VerifiedToken token) {
    return kind == Kind.GROUP ? token.inGroup(name) : token.hasScope(name);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + name;
  }
}
