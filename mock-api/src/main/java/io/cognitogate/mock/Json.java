package io.cognitogate.mock;

/** The little JSON writing the mock route needs, without a JSON library on the cold-start path. */
final class Json {

  private Json() {}

  /** A JSON string literal; every control character, quote and backslash escaped. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          // also escape <, > and & and the JS line separators so the body is safe to embed anywhere
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /**
   * Authorizer context values are strings, numbers or booleans; anything else is written as its
   * string form.
   */
  static String scalar(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
      return number.toString();
    }
    return quote(value.toString());
  }
}
