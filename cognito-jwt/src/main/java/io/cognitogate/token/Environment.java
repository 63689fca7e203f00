package io.cognitogate.token;

import java.util.Map;

/**
 * Reading a function's environment the same way everywhere: values trimmed, an empty value counts
 * as unset, and errors ({@link InvalidConfigException}) name the variable, never its value.
 */
public final class Environment {
  private Environment() {}

  /** The value, trimmed; null when unset or blank. */
  public static String optional(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null) {
      return null;
    }
    value = value.trim();
    return value.isEmpty() ? null : value;
  }

  /** The value, trimmed. */
  public static String required(Map<String, String> env, String name) {
    String value = optional(env, name);
    if (value == null) {
      throw new InvalidConfigException(name, "is required");
    }
    return value;
  }

  /** A whole number in [min, max]; {@code defaultValue} when unset. */
  public static long integer(
      Map<String, String> env, String name, long defaultValue, long min, long max) {
    String value = optional(env, name);
    if (value == null) {
      return defaultValue;
    }
    long parsed;
    try {
      parsed = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(name, "must be a whole number");
    }
    if (parsed < min || parsed > max) {
      throw new InvalidConfigException(name, "must be between " + min + " and " + max);
    }
    return parsed;
  }
}
