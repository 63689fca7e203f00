package io.cognitogate.token;

/**
 * Writing JSON strings for our own log lines (reading JSON is left to Jackson, through java-jwt and
 * jwks-rsa). Escapes the quote, the backslash, the control characters, U+2028/U+2029 (line breaks
 * to JavaScript readers of a log) and lone surrogates (UTF-8 cannot carry them; {@code getBytes}
 * would turn them into '?'), as {@code \}{@code uXXXX}.
 */
public final class JsonText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonText() {}

  /** {@code "value"}, escaped. */
  public static StringBuilder quote(StringBuilder out, String value) {
    out.append('"');
    escape(out, value);
    return out.append('"');
  }

  /** The value's characters, escaped, without quotes. */
  public static StringBuilder escape(StringBuilder out, String value) {
    // the common case, printable ASCII without a quote or backslash, is appended in one copy
    int plain = 0;
    while (plain < value.length() && printableAscii(value.charAt(plain))) {
      plain++;
    }
    if (plain == value.length()) {
      return out.append(value);
    }
    out.append(value, 0, plain);
    for (int i = plain; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20
          || c == 0x2028
          || c == 0x2029
          || Character.isSurrogate(c) && !paired(value, i)) {
        out.append("\\u")
            .append(HEX[c >> 12])
            .append(HEX[(c >> 8) & 0xf])
            .append(HEX[(c >> 4) & 0xf])
            .append(HEX[c & 0xf]);
      } else {
        out.append(c);
      }
    }
    return out;
  }

  private static boolean printableAscii(char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  }

  private static boolean paired(String value, int i) {
    return Character.isHighSurrogate(value.charAt(i))
        ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
  }
}
