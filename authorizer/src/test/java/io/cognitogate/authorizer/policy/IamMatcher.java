package io.cognitogate.authorizer.policy;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small IAM evaluator for tests, written apart from {@link PolicyStatements} and following the
 * IAM User Guide: an explicit Deny wins, then an Allow, else an implicit deny. Actions match
 * case-insensitively. A Resource is matched segment by segment (the six ':'-separated parts of an
 * ARN, the last one keeping its own ':'), case-sensitively; in a segment {@code *} matches any run
 * of characters, '/' included, and {@code ?} exactly one; a {@code *} ending a segment may also run
 * past the ':' after it.
 */
public final class IamMatcher {
  public enum Decision {
    ALLOW,
    EXPLICIT_DENY,
    IMPLICIT_DENY
  }

  private IamMatcher() {}

  @SuppressWarnings("unchecked")
  public static Decision evaluate(
      Map<String, Object> policyDocument, String action, String resource) {
    boolean allowed = false;
    for (Object s : (List<Object>) policyDocument.get("Statement")) {
      Map<String, Object> statement = (Map<String, Object>) s;
      if (!actionMatches(String.valueOf(statement.get("Action")), action)) {
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

  /** {@link #evaluate} for {@code execute-api:Invoke}. */
  /** As {@link #evaluate(Map, String, String)}, on the document as the response type holds it. */
  public static Decision evaluate(
      IamPolicyResponseV1.PolicyDocument document, String action, String resource) {
    return evaluate(asWire(document), action, resource);
  }

  public static Decision invoke(IamPolicyResponseV1.PolicyDocument document, String methodArn) {
    return invoke(asWire(document), methodArn);
  }

  /**
   * The document's members by the names IAM reads: Statement a list of {Action, Effect, Resource}.
   */
  static Map<String, Object> asWire(IamPolicyResponseV1.PolicyDocument document) {
    List<Object> statements = new java.util.ArrayList<>();
    for (IamPolicyResponseV1.Statement statement : document.getStatement()) {
      statements.add(
          Map.of(
              "Action",
              statement.getAction(),
              "Effect",
              statement.getEffect(),
              "Resource",
              statement.getResource()));
    }
    return Map.of("Version", document.getVersion(), "Statement", statements);
  }

  public static Decision invoke(Map<String, Object> policyDocument, String methodArn) {
    return evaluate(policyDocument, "execute-api:Invoke", methodArn);
  }

  private static boolean actionMatches(String pattern, String action) {
    return glob(pattern.toLowerCase(Locale.ROOT))
        .matcher(action.toLowerCase(Locale.ROOT))
        .matches();
  }

  static boolean matches(String pattern, String arn) {
    String[] segments = pattern.split(":", 6);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        regex.append(':');
      }
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      for (int c = 0; c < segment.length(); c++) {
        char ch = segment.charAt(c);
        if (ch == '*') {
          // within a segment '*' stops at ':' unless it ends the segment (or the segment is the
          // resource part)
          regex.append(last || c == segment.length() - 1 ? ".*" : "[^:]*");
        } else if (ch == '?') {
          regex.append(last ? "." : "[^:]");
        } else {
          regex.append(Pattern.quote(String.valueOf(ch)));
        }
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(arn).matches();
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
