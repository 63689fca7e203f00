package io.cognitogate.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict RFC 8259 pull reader over UTF-8 bytes, in one class: the token header, the claims and the
 * JWKS are all it reads, and loading jackson-core for them was the largest piece of the cold start.
 * One root value, nothing after it but whitespace; no BOM, comments, NaN, leading zeros, unescaped
 * control characters, malformed UTF-8 (overlong, surrogates, above U+10FFFF) or unpaired surrogate
 * escapes; nesting deeper than {@link #MAX_DEPTH} is refused. Duplicate members are the caller's to
 * refuse (it knows which members it reads). Errors are {@link IOException}s that give an offset,
 * never the input.
 */
public final class JsonScanner {
  public static final int END = 0;
  public static final int START_OBJECT = 1;
  public static final int END_OBJECT = 2;
  public static final int START_ARRAY = 3;
  public static final int END_ARRAY = 4;
  public static final int NAME = 5;
  public static final int STRING = 6;
  public static final int NUMBER = 7;
  public static final int TRUE = 8;
  public static final int FALSE = 9;
  public static final int NULL = 10;

  /** Same limit as jackson-core's default. */
  public static final int MAX_DEPTH = 1000;

  private static final char[] NO_CHARS = new char[0];
  private static final int ROOT = 0;
  private static final int NAME_OR_CLOSE = 1;
  private static final int NEXT_NAME = 2;
  private static final int VALUE_OR_CLOSE = 3;
  private static final int VALUE = 4;
  private static final int AFTER_VALUE = 5;
  private static final int DONE = 6;

  private final byte[] in;
  private final int end;
  private int pos;
  private int state = ROOT;
  private int depth;
  /** true: object, false: array, per level (index 1..depth); grown on demand up to MAX_DEPTH + 1. */
  private boolean[] objects = new boolean[8];
  /** Decoded text of a string with escapes or non-ASCII bytes; allocated on the first such string. */
  private char[] chars = NO_CHARS;
  private int length;
  /** The last string had neither escapes nor non-ASCII bytes: its text is in[textStart, textEnd). */
  private boolean ascii;
  private int textStart;
  private int textEnd;
  private int numberStart;
  private int numberEnd;
  private boolean integral;

  public JsonScanner(byte[] in) {
    this(in, 0, in.length);
  }

  public JsonScanner(byte[] in, int from, int to) {
    if (from < 0 || to > in.length || from > to) {
      throw new IndexOutOfBoundsException();
    }
    this.in = in;
    this.pos = from;
    this.end = to;
  }

  /** The next token, {@link #END} once the root value is closed and only whitespace followed it. */
  public int next() throws IOException {
    while (true) {
      skipWhitespace();
      switch (state) {
        case ROOT, VALUE:
          return value();
        case NAME_OR_CLOSE:
          if (peek() == '}') {
            pos++;
            return close();
          }
          return name();
        case NEXT_NAME:
          return name();
        case VALUE_OR_CLOSE:
          if (peek() == ']') {
            pos++;
            return close();
          }
          return value();
        case AFTER_VALUE: {
          int c = peek();
          pos++;
          if (c == ',') {
            state = objects[depth] ? NEXT_NAME : VALUE;
            continue;
          }
          if (c == (objects[depth] ? '}' : ']')) {
            return close();
          }
          throw error(pos - 1);
        }
        default:
          if (pos != end) {
            throw error(pos);
          }
          return END;
      }
    }
  }

  /** Standing on a START_OBJECT or START_ARRAY: reads (and checks) up to its matching end; otherwise nothing. */
  public void skipChildren(int token) throws IOException {
    if (token != START_OBJECT && token != START_ARRAY) {
      return;
    }
    int level = depth - 1;
    while (depth > level) {
      if (next() == END) {
        throw error(pos);
      }
    }
  }

  /** The text of the last NAME or STRING token. */
  public String text() {
    return ascii ? new String(in, textStart, textEnd - textStart, StandardCharsets.ISO_8859_1)
        : new String(chars, 0, length);
  }

  /**
   * A lookup table for {@link #textIndex(byte[][], int[])}: {@code names}' indexes (plus one) placed by
   * a hash of their length and first and last bytes, linear probing; 0 is an empty slot.
   */
  public static int[] nameTable(byte[][] names) {
    int size = Integer.highestOneBit(Math.max(1, names.length) * 4 - 1) << 1;
    int[] table = new int[size];
    for (int i = 0; i < names.length; i++) {
      byte[] name = names[i];
      int slot = name.length == 0 ? 0 : nameHash(name.length, name[0], name[name.length - 1]) & (size - 1);
      while (table[slot] != 0) {
        slot = (slot + 1) & (size - 1);
      }
      table[slot] = i + 1;
    }
    return table;
  }

  /**
   * Chosen for JWT members: the 15 claims JwtReader reads get 15 different slots of 64, and the usual
   * others (version, event_id, email, ...) land on empty ones.
   */
  private static int nameHash(int length, int first, int last) {
    return length + first * 3 + last * 5;
  }

  /**
   * The index in {@code names} (ASCII) of the one equal to the text of the last NAME or STRING, or -1,
   * found through {@code table} ({@link #nameTable} of the same names). Allocates nothing: for picking
   * out the members a reader wants without a String per member name.
   */
  public int textIndex(byte[][] names, int[] table) {
    int n = ascii ? textEnd - textStart : length;
    int mask = table.length - 1;
    int slot = n == 0 ? 0 : ascii ? nameHash(n, in[textStart], in[textEnd - 1]) & mask
        : nameHash(n, chars[0], chars[n - 1]) & mask;
    for (int candidate; (candidate = table[slot]) != 0; slot = (slot + 1) & mask) {
      byte[] name = names[candidate - 1];
      if (name.length == n && (ascii ? Arrays.equals(in, textStart, textEnd, name, 0, n) : sameChars(name))) {
        return candidate - 1;
      }
    }
    return -1;
  }

  private boolean sameChars(byte[] name) {
    for (int i = 0; i < length; i++) {
      if (chars[i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether the last NUMBER had neither fraction nor exponent. */
  public boolean integral() {
    return integral;
  }

  /** The last NUMBER as written (ASCII). */
  public String numberText() {
    return new String(in, numberStart, numberEnd - numberStart, StandardCharsets.ISO_8859_1);
  }

  /** The last NUMBER when it is an integer within the range of a long; otherwise an IOException. */
  public long longValue() throws IOException {
    if (!integral) {
      throw error(numberStart);
    }
    int i = numberStart;
    boolean negative = in[i] == '-';
    if (negative) {
      i++;
    }
    long value = 0;
    if (numberEnd - i <= 18) {
      // up to 18 digits cannot leave the range of a long: no overflow check per digit
      for (; i < numberEnd; i++) {
        value = value * 10 + (in[i] - '0');
      }
      return negative ? -value : value;
    }
    for (; i < numberEnd; i++) {
      int digit = in[i] - '0';
      // accumulate negatively so that Long.MIN_VALUE fits
      if (value < (Long.MIN_VALUE + digit) / 10) {
        throw error(numberStart);
      }
      value = value * 10 - digit;
    }
    if (!negative) {
      if (value == Long.MIN_VALUE) {
        throw error(numberStart);
      }
      value = -value;
    }
    return value;
  }

  /** The last NUMBER as the nearest double (infinite when out of range). */
  public double doubleValue() {
    return Double.parseDouble(numberText());
  }

  private int close() {
    depth--;
    boolean object = objects[depth + 1];
    state = depth == 0 ? DONE : AFTER_VALUE;
    return object ? END_OBJECT : END_ARRAY;
  }

  private int name() throws IOException {
    if (peek() != '"') {
      throw error(pos);
    }
    pos++;
    string();
    skipWhitespace();
    if (peek() != ':') {
      throw error(pos);
    }
    pos++;
    state = VALUE;
    return NAME;
  }

  private int value() throws IOException {
    int c = peek();
    int start = pos++;
    switch (c) {
      case '{':
        open(true);
        state = NAME_OR_CLOSE;
        return START_OBJECT;
      case '[':
        open(false);
        state = VALUE_OR_CLOSE;
        return START_ARRAY;
      case '"':
        string();
        return scalar(STRING);
      case 't':
        literal(start, 't', 'r', 'u', 'e');
        return scalar(TRUE);
      case 'f':
        literal(start, 'f', 'a', 'l', 's', 'e');
        return scalar(FALSE);
      case 'n':
        literal(start, 'n', 'u', 'l', 'l');
        return scalar(NULL);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          number(start);
          return scalar(NUMBER);
        }
        throw error(start);
    }
  }

  private int scalar(int token) {
    state = depth == 0 ? DONE : AFTER_VALUE;
    return token;
  }

  private void open(boolean object) throws IOException {
    if (depth == MAX_DEPTH) {
      throw error(pos - 1);
    }
    if (++depth == objects.length) {
      boolean[] deeper = new boolean[Math.min(objects.length * 4, MAX_DEPTH + 1)];
      System.arraycopy(objects, 0, deeper, 0, objects.length);
      objects = deeper;
    }
    objects[depth] = object;
  }

  private void literal(int start, char... expected) throws IOException {
    if (end - start < expected.length) {
      throw error(start);
    }
    for (int i = 1; i < expected.length; i++) {
      if (in[start + i] != expected[i]) {
        throw error(start);
      }
    }
    pos = start + expected.length;
  }

  /** RFC 8259 section 6; whatever follows is checked by the next token (a delimiter or the end). */
  private void number(int start) throws IOException {
    int i = start;
    if (in[i] == '-') {
      i++;
    }
    if (i == end) {
      throw error(start);
    }
    if (in[i] == '0') {
      i++;
    } else if (in[i] >= '1' && in[i] <= '9') {
      i = digits(i);
    } else {
      throw error(start);
    }
    boolean whole = true;
    if (i < end && in[i] == '.') {
      whole = false;
      i++;
      if (i == end || in[i] < '0' || in[i] > '9') {
        throw error(start);
      }
      i = digits(i);
    }
    if (i < end && (in[i] == 'e' || in[i] == 'E')) {
      whole = false;
      i++;
      if (i < end && (in[i] == '+' || in[i] == '-')) {
        i++;
      }
      if (i == end || in[i] < '0' || in[i] > '9') {
        throw error(start);
      }
      i = digits(i);
    }
    // "01", "1x", "-0-": a digit or other value character glued to the number is not a delimiter
    if (i < end && ((in[i] >= '0' && in[i] <= '9') || in[i] == '.' || in[i] == '-' || in[i] == '+')) {
      throw error(start);
    }
    numberStart = start;
    numberEnd = i;
    integral = whole;
    pos = i;
  }

  private int digits(int i) {
    while (i < end && in[i] >= '0' && in[i] <= '9') {
      i++;
    }
    return i;
  }

  /** After the opening quote: decodes into {@link #chars} and stands after the closing quote. */
  private void string() throws IOException {
    // common case first: printable ASCII up to the closing quote, taken as is (no eight-byte word scan:
    // its VarHandle cost ~2 ms of cold start on the JWKS parse for ~40 ns per token)
    int i = pos;
    while (i < end && in[i] >= 0x20 && in[i] != '"' && in[i] != '\\') {
      i++;
    }
    if (i < end && in[i] == '"') {
      ascii = true;
      textStart = pos;
      textEnd = i;
      pos = i + 1;
      return;
    }
    ascii = false;
    length = 0;
    while (true) {
      if (pos == end) {
        throw error(pos);
      }
      int b = in[pos] & 0xFF;
      if (b == '"') {
        pos++;
        return;
      }
      if (b == '\\') {
        escape();
      } else if (b < 0x20) {
        throw error(pos);
      } else if (b < 0x80) {
        append((char) b);
        pos++;
      } else {
        utf8(b);
      }
    }
  }

  private void escape() throws IOException {
    int at = pos;
    if (pos + 1 >= end) {
      throw error(at);
    }
    int c = in[pos + 1];
    pos += 2;
    switch (c) {
      case '"' -> append('"');
      case '\\' -> append('\\');
      case '/' -> append('/');
      case 'b' -> append('\b');
      case 'f' -> append('\f');
      case 'n' -> append('\n');
      case 'r' -> append('\r');
      case 't' -> append('\t');
      case 'u' -> {
        char unit = hex4(at);
        if (Character.isHighSurrogate(unit)) {
          // must be followed by an escaped low surrogate: a lone half is not text
          if (pos + 1 >= end || in[pos] != '\\' || in[pos + 1] != 'u') {
            throw error(at);
          }
          pos += 2;
          char low = hex4(at);
          if (!Character.isLowSurrogate(low)) {
            throw error(at);
          }
          append(unit);
          append(low);
        } else if (Character.isLowSurrogate(unit)) {
          throw error(at);
        } else {
          append(unit);
        }
      }
      default -> throw error(at);
    }
  }

  private char hex4(int at) throws IOException {
    if (end - pos < 4) {
      throw error(at);
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int c = in[pos++];
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        throw error(at);
      }
      value = value << 4 | digit;
    }
    return (char) value;
  }

  /** One multi-byte UTF-8 sequence, well-formed per RFC 3629 (Unicode Table 3-7). */
  private void utf8(int b) throws IOException {
    int at = pos;
    int count;
    int lowest = 0x80;
    int highest = 0xBF;
    int code;
    if (b >= 0xC2 && b <= 0xDF) {
      count = 1;
      code = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
      count = 2;
      code = b & 0x0F;
      if (b == 0xE0) {
        lowest = 0xA0; // overlong
      } else if (b == 0xED) {
        highest = 0x9F; // surrogates
      }
    } else if (b >= 0xF0 && b <= 0xF4) {
      count = 3;
      code = b & 0x07;
      if (b == 0xF0) {
        lowest = 0x90; // overlong
      } else if (b == 0xF4) {
        highest = 0x8F; // above U+10FFFF
      }
    } else {
      throw error(at);
    }
    if (end - pos <= count) {
      throw error(at);
    }
    for (int i = 1; i <= count; i++) {
      int next = in[pos + i] & 0xFF;
      if (next < (i == 1 ? lowest : 0x80) || next > (i == 1 ? highest : 0xBF)) {
        throw error(at);
      }
      code = code << 6 | (next & 0x3F);
    }
    pos += count + 1;
    if (code >= 0x10000) {
      append(Character.highSurrogate(code));
      append(Character.lowSurrogate(code));
    } else {
      append((char) code);
    }
  }

  private void append(char c) {
    if (length == chars.length) {
      char[] bigger = new char[Math.max(64, length * 2)];
      System.arraycopy(chars, 0, bigger, 0, length);
      chars = bigger;
    }
    chars[length++] = c;
  }

  private void skipWhitespace() {
    while (pos < end) {
      byte c = in[pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  /** The byte at the position, or an error at the end of the input. */
  private int peek() throws IOException {
    if (pos == end) {
      throw error(pos);
    }
    return in[pos] & 0xFF;
  }

  private static IOException error(int offset) {
    return new IOException("malformed JSON at offset " + offset);
  }
}
