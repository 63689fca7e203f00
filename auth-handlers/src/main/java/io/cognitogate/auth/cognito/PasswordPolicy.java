package io.cognitogate.auth.cognito;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The user pool's password policy in words, for 400 {@code invalid_password} answers. Configured
 * with {@code PASSWORD_POLICY} in the names of the pool's own {@code PasswordPolicy} properties,
 * e.g. {@code MinimumLength=8,RequireUppercase,RequireLowercase,RequireNumbers,RequireSymbols}, so
 * a template check can compare the two. Not read from Cognito: DescribeUserPool would need one more
 * IAM grant and one more call at init, and Cognito's InvalidPasswordException message names only
 * the first broken rule.
 */
public final class PasswordPolicy {

  /** No policy configured: answers say only that the pool's policy was not met. */
  public static final PasswordPolicy UNDESCRIBED = new PasswordPolicy(null);

  private final String words;

  private PasswordPolicy(String words) {
    this.words = words;
  }

  /**
   * {@code PASSWORD_POLICY}, optional; a malformed value fails init naming the variable, never
   * echoing it.
   */
  public static PasswordPolicy fromEnvironment(Map<String, String> environment) {
    String spec = environment.get("PASSWORD_POLICY");
    return spec == null || spec.isBlank() ? UNDESCRIBED : parse(spec);
  }

  static PasswordPolicy parse(String spec) {
    int minimumLength = 0;
    int history = 0;
    boolean uppercase = false;
    boolean lowercase = false;
    boolean numbers = false;
    boolean symbols = false;
    for (String item : spec.split(",")) {
      String[] pair = item.trim().split("=", 2);
      String name = pair[0].trim();
      String value = pair.length == 2 ? pair[1].trim() : "true";
      switch (name) {
        case "MinimumLength":
          minimumLength = number(value, 6, 99);
          break;
        case "PasswordHistorySize":
          history = number(value, 0, 24);
          break;
        case "RequireUppercase":
          uppercase = flag(value);
          break;
        case "RequireLowercase":
          lowercase = flag(value);
          break;
        case "RequireNumbers":
          numbers = flag(value);
          break;
        case "RequireSymbols":
          symbols = flag(value);
          break;
        default:
          throw invalid();
      }
    }
    if (minimumLength == 0) {
      throw invalid();
    }
    StringBuilder text = new StringBuilder("at least ").append(minimumLength).append(" characters");
    List<String> required = new ArrayList<>();
    if (uppercase) {
      required.add("an uppercase letter");
    }
    if (lowercase) {
      required.add("a lowercase letter");
    }
    if (numbers) {
      required.add("a number");
    }
    if (symbols) {
      required.add("a symbol such as ! or #");
    }
    if (!required.isEmpty()) {
      String last = required.remove(required.size() - 1);
      text.append(", including ")
          .append(required.isEmpty() ? last : String.join(", ", required) + " and " + last);
    }
    if (history > 0) {
      text.append(", different from the last ").append(history).append(" passwords");
    }
    return new PasswordPolicy(text.toString());
  }

  /** The message of a 400 invalid_password: names the field and the policy, never the password. */
  public String rejection(String field) {
    return words == null
        ? field + " does not meet the user pool's password policy."
        : field + " does not meet the password policy: " + words + ".";
  }

  private static int number(String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the error naming the variable
    }
    throw invalid();
  }

  private static boolean flag(String value) {
    if (value.equals("true") || value.equals("false")) {
      return value.equals("true");
    }
    throw invalid();
  }

  private static IllegalArgumentException invalid() {
    return new IllegalArgumentException(
        "PASSWORD_POLICY must look like "
            + "MinimumLength=8,RequireUppercase,RequireLowercase,RequireNumbers,RequireSymbols");
  }

  @Override
  public String toString() {
    return words == null ? "PasswordPolicy[undescribed]" : "PasswordPolicy[" + words + "]";
  }
}
