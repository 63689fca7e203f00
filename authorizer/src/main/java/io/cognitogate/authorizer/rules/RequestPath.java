package io.cognitogate.authorizer.rules;

import io.cognitogate.authorizer.policy.MethodArn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The path of a request as the method ARN names it, and the routes a backend might take it for: as
 * sent and percent-decoded exactly once, each also with matrix parameters ({@code ;...}) cut,
 * {@code \} read as {@code /}, empty and dot segments resolved; all without a trailing {@code /}
 * and in lower case. A rule governs the request when it governs any of these readings, so matching
 * is never narrower than a lenient backend.
 *
 * <p>A path is <em>ambiguous</em> when readings can disagree on what it names: an empty or dot
 * segment (also behind {@code ;} or an escape), an encoded {@code /}, {@code .} or {@code \}, an
 * escape left after decoding once (double encoding), a control character, or a malformed escape or
 * UTF-8 sequence. Ambiguous paths are denied to callers that fail any rule.
 */
final class RequestPath {
  private final String verb;
  private final List<String> readings;
  private final boolean ambiguous;

  private RequestPath(String verb, List<String> readings, boolean ambiguous) {
    this.verb = verb;
    this.readings = readings;
    this.ambiguous = ambiguous;
  }

  static RequestPath of(MethodArn arn) {
    String raw = arn.path();
    String decoded = decodeOnce(raw);
    Set<String> readings = new LinkedHashSet<>(4);
    addReadings(raw, readings);
    boolean ambiguous =
        unclear(raw)
            || containsEscape(raw, "%2f")
            || containsEscape(raw, "%2e")
            || containsEscape(raw, "%5c");
    if (decoded == null) {
      ambiguous = true;
    } else if (!decoded.equals(raw)) {
      addReadings(decoded, readings);
      ambiguous |= unclear(decoded) || hasEscape(decoded) || hasControl(decoded);
    }
    return new RequestPath(arn.verb(), List.copyOf(readings), ambiguous);
  }

  String verb() {
    return verb;
  }

  /** Lower case, without a trailing '/' (the root stays "/"). */
  List<String> readings() {
    return readings;
  }

  boolean ambiguous() {
    return ambiguous;
  }

  private static void addReadings(String path, Set<String> readings) {
    readings.add(fold(path));
    readings.add(fold(resolved(path)));
  }

  private static String fold(String path) {
    String trimmed =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return trimmed.toLowerCase(Locale.ROOT);
  }

  /**
   * '\' as '/', matrix parameters cut, empty and dot segments resolved (RFC 3986 section 5.2.4).
   */
  static String resolved(String path) {
    List<String> kept = new ArrayList<>();
    for (String segment : path.replace('\\', '/').split("/", -1)) {
      int semicolon = segment.indexOf(';');
      String name = semicolon < 0 ? segment : segment.substring(0, semicolon);
      if (name.equals("..")) {
        if (!kept.isEmpty()) {
          kept.remove(kept.size() - 1);
        }
      } else if (!name.isEmpty() && !name.equals(".")) {
        kept.add(name);
      }
    }
    return "/" + String.join("/", kept);
  }

  /** An empty segment (other than a trailing slash), a dot segment, or a '\'. */
  private static boolean unclear(String path) {
    if (path.indexOf('\\') >= 0) {
      return true;
    }
    String[] segments = path.split("/", -1);
    for (int i = 1; i < segments.length; i++) {
      int semicolon = segments[i].indexOf(';');
      String name = semicolon < 0 ? segments[i] : segments[i].substring(0, semicolon);
      if (name.isEmpty() && (i < segments.length - 1 || semicolon >= 0)
          || name.equals(".")
          || name.equals("..")) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsEscape(String path, String lowerEscape) {
    return path.toLowerCase(Locale.ROOT).contains(lowerEscape);
  }

  /** A '%' followed by two hex digits. */
  private static boolean hasEscape(String path) {
    for (int i = path.indexOf('%'); i >= 0 && i + 2 < path.length(); i = path.indexOf('%', i + 1)) {
      if (hex(path.charAt(i + 1)) >= 0 && hex(path.charAt(i + 2)) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasControl(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /**
   * Percent-decoded once as UTF-8; null for a malformed escape or byte sequence (never guessed).
   */
  static String decodeOnce(String path) {
    if (path.indexOf('%') < 0) {
      return path;
    }
    byte[] bytes = new byte[path.length()];
    int length = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '%') {
        bytes[length++] = (byte) c; // MethodArn admits printable ASCII only
        continue;
      }
      if (i + 2 >= path.length() || hex(path.charAt(i + 1)) < 0 || hex(path.charAt(i + 2)) < 0) {
        return null;
      }
      bytes[length++] = (byte) (hex(path.charAt(i + 1)) << 4 | hex(path.charAt(i + 2)));
      i += 2;
    }
    byte[] exact = Arrays.copyOf(bytes, length);
    String decoded = new String(exact, StandardCharsets.UTF_8);
    // malformed UTF-8 comes back as U+FFFD and does not re-encode to the same bytes
    return Arrays.equals(decoded.getBytes(StandardCharsets.UTF_8), exact) ? decoded : null;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }
}
