package io.cognitogate.authorizer.policy;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A tiny IAM evaluator for tests: an explicit Deny wins, then an Allow, else an implicit deny.
 * In a Resource, {@code *} matches any run of characters (also '/') and {@code ?} one character.
 */
final class IamMatcher {
  enum Decision { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY }

  private IamMatcher() {
  }

  @SuppressWarnings("unchecked")
  static Decision evaluate(Map<String, Object> policyDocument, String action, String resource) {
    boolean allowed = false;
    for (Object s : (List<Object>) policyDocument.get("Statement")) {
      Map<String, Object> statement = (Map<String, Object>) s;
      if (!matches(String.valueOf(statement.get("Action")), action)) {
        continue;
      }
      Object resources = statement.get("Resource");
      List<Object> list = resources instanceof List<?> l ? (List<Object>) l : List.of(resources);
      boolean hit = list.stream().anyMatch(r -> matches(String.valueOf(r), resource));
      if (hit && "Deny".equals(statement.get("Effect"))) {
        return Decision.EXPLICIT_DENY;
      }
      allowed |= hit && "Allow".equals(statement.get("Effect"));
    }
    return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
  }

  static boolean matches(String pattern, String value) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
  }
}
