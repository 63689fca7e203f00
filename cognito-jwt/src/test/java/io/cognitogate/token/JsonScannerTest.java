package io.cognitogate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict JSON reader on its own: RFC 8259's grammar, its edge cases, and what it hands back. */
class JsonScannerTest {

  /** The token stream as text: {@code { N:a [ #1 S:x T F 0 ] }}; "ERROR" if the document is refused. */
  static String tokens(byte[] json) {
    StringBuilder out = new StringBuilder();
    JsonScanner scanner = new JsonScanner(json);
    try {
      for (int token = scanner.next(); token != JsonScanner.END; token = scanner.next()) {
        if (out.length() > 0) {
          out.append(' ');
        }
        out.append(switch (token) {
          case JsonScanner.START_OBJECT -> "{";
          case JsonScanner.END_OBJECT -> "}";
          case JsonScanner.START_ARRAY -> "[";
          case JsonScanner.END_ARRAY -> "]";
          case JsonScanner.NAME -> "N:" + scanner.text();
          case JsonScanner.STRING -> "S:" + scanner.text();
          case JsonScanner.NUMBER -> (scanner.integral() ? "#" : "~") + scanner.numberText();
          case JsonScanner.TRUE -> "T";
          case JsonScanner.FALSE -> "F";
          case JsonScanner.NULL -> "0";
          default -> throw new AssertionError(token);
        });
      }
      return out.toString();
    } catch (IOException e) {
      return "ERROR";
    }
  }

  static String tokens(String json) {
    return tokens(json.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      {}                                   | { }
      []                                   | [ ]
      ` {"a" : 1 } `                       | { N:a #1 }
      "top"                                | S:top
      0                                    | #0
      -0                                   | #-0
      `  42  `                             | #42
      -9223372036854775808                 | #-9223372036854775808
      1.5                                  | ~1.5
      -0.0                                 | ~-0.0
      1e5                                  | ~1e5
      1E+5                                 | ~1E+5
      1e-5                                 | ~1e-5
      0.5e-0                               | ~0.5e-0
      1e999999999                          | ~1e999999999
      true                                 | T
      null                                 | 0
      {"a":{"b":{"c":[]}}}                 | { N:a { N:b { N:c [ ] } } }
      {"a":1,"a":2}                        | { N:a #1 N:a #2 }
      {"":""}                              | { N: S: }
      "\\u0041\\u00e9\\u00E9"              | S:Aéé
      "\\ud83d\\ude00"                     | S:😀
      "\\uD83D\\uDE00"                     | S:😀
      "é😀€"                               | S:é😀€
      """)
  void nextWhenValidThenTokens(String json, String expected) {
    assertThat(tokens(json)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "", " ", "{", "}", "[", "]", "{]", "[}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{a:1}", "{'a':1}",
      "{\"a\":1,}", "[1,]", "[,1]", "[1 2]", "{\"a\":1 \"b\":2}", "{} {}", "{}x", "1 2", "[]]", "{}}",
      "-", "--1", "+1", "01", "-01", "00", "1.", ".5", "-.5", "1.e5", "1e", "1e+", "1E-", "0x10", "1_000",
      "NaN", "Infinity", "-Infinity", "nul", "nulll", "tru", "True", "FALSE", "undefined", "truex", "[truefalse]",
      "\"abc", "\"\\\"", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\U0041\"", "\"\\'\"",
      "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\ud800x\"", "\"\\ude00\\ud83d\"", "\"\\ud800\\ud800\"",
      "\"a\u0000b\"", "\"\u001f\"", "\"a\nb\"", "\"\t\"", "\"\r\"",
      "/* c */ {}", "{} // c", "\u00a0{}", "\u000b{}", "\u000c{}", "\ufeff{}", "{\"a\":1}\u0000"})
  void nextWhenInvalidThenRefused(String json) {
    assertThat(tokens(json)).isEqualTo("ERROR");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "22 C0 80 22",          // overlong NUL
      "22 C1 BF 22",          // overlong
      "22 E0 80 80 22",       // overlong 3-byte
      "22 E0 9F BF 22",       // overlong 3-byte
      "22 F0 80 80 80 22",    // overlong 4-byte
      "22 F0 8F BF BF 22",    // overlong 4-byte
      "22 ED A0 80 22",       // encoded high surrogate
      "22 ED BF BF 22",       // encoded low surrogate
      "22 F4 90 80 80 22",    // above U+10FFFF
      "22 F5 80 80 80 22",    // never valid
      "22 FF 22", "22 FE 22",
      "22 80 22",             // lone continuation byte
      "22 C3 22",             // truncated 2-byte
      "22 E2 82 22",          // truncated 3-byte
      "22 F0 9F 98 22",       // truncated 4-byte
      "22 C3 41 22",          // bad continuation
      "22 C3",                // truncated at the end of input
      "EF BB BF 7B 7D",       // UTF-8 BOM before {}
      "00 7B 00 7D",          // UTF-16BE {}
      "7B 00 7D 00",          // UTF-16LE {}
      "FE FF 00 7B 00 7D"})   // UTF-16 with BOM
  void nextWhenMalformedBytesThenRefused(String hex) {
    assertThat(tokens(bytes(hex))).isEqualTo("ERROR");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      22 C2 80 22       | \u0080
      22 DF BF 22       | \u07ff
      22 E0 A0 80 22    | \u0800
      22 ED 9F BF 22    | \ud7ff
      22 EE 80 80 22    | \ue000
      22 EF BF BF 22    | \uffff
      22 F0 90 80 80 22 | \ud800\udc00
      22 F4 8F BF BF 22 | \udbff\udfff
      """)
  void nextWhenUtf8BoundariesThenDecoded(String hex, String expected) {
    assertThat(tokens(bytes(hex))).isEqualTo("S:" + expected);
  }

  @Test
  void nextWhenEscapesAndWhitespaceThenDecoded() {
    assertThat(tokens(" \t\r\n{\"a\" :\n[1 ,\t\"x\"]\r}\n ")).isEqualTo("{ N:a [ #1 S:x ] }");
    assertThat(tokens("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"")).isEqualTo("S:\"\\/\b\f\n\r\t");
    assertThat(tokens("\"\\u0000\\u001F\\u007f\"")).isEqualTo("S:\u0000\u001f\u007f");
    assertThat(tokens("\"\u007f\"")).isEqualTo("S:\u007f");
    assertThat(tokens("{\"\\u0061\":1}")).isEqualTo("{ N:a #1 }");
  }

  @Test
  void textIndexWhenNameIsPlainOrEscapedThenFindsItAndOtherwiseMinusOne() throws IOException {
    byte[][] names = {"sub".getBytes(StandardCharsets.US_ASCII), "su".getBytes(StandardCharsets.US_ASCII),
        "client_id".getBytes(StandardCharsets.US_ASCII)};
    JsonScanner p = new JsonScanner(("{\"su\":1,\"sub\":2,\"client\\u005fid\":3,\"subs\":4,\"s\u00e9b\":5,\"sux\":6,"
        + "\"\\u0073ub\":7}").getBytes(StandardCharsets.UTF_8));
    assertThat(p.next()).isEqualTo(JsonScanner.START_OBJECT);
    int[] expected = {1, 0, 2, -1, -1, -1, 0};
    for (int index : expected) {
      assertThat(p.next()).isEqualTo(JsonScanner.NAME);
      assertThat(p.textIndex(names, JsonScanner.nameTable(names))).isEqualTo(index);
      assertThat(p.next()).isEqualTo(JsonScanner.NUMBER);
    }
    assertThat(p.next()).isEqualTo(JsonScanner.END_OBJECT);
  }

  @Test
  void textIndexWhenNamesShareTheirHashSlotThenEachIsStillFoundAndOthersAreNot() throws IOException {
    // "ah" and "fe" share a slot (length 2, 3 * first + 5 * last = 811 for both); the empty name; lookalikes
    byte[][] names = {"ah".getBytes(StandardCharsets.US_ASCII), "fe".getBytes(StandardCharsets.US_ASCII),
        "".getBytes(StandardCharsets.US_ASCII), "bah".getBytes(StandardCharsets.US_ASCII)};
    int[] table = JsonScanner.nameTable(names);
    assertThat(table.length).isGreaterThanOrEqualTo(4 * names.length);
    JsonScanner p = new JsonScanner("{\"fe\":1,\"ah\":2,\"\":3,\"bah\":4,\"ef\":5,\"\\u0066e\":6,\"aah\":7}"
        .getBytes(StandardCharsets.UTF_8));
    assertThat(p.next()).isEqualTo(JsonScanner.START_OBJECT);
    int[] expected = {1, 0, 2, 3, -1, 1, -1};
    for (int index : expected) {
      assertThat(p.next()).isEqualTo(JsonScanner.NAME);
      assertThat(p.textIndex(names, table)).isEqualTo(index);
      assertThat(p.next()).isEqualTo(JsonScanner.NUMBER);
    }
    assertThat(p.next()).isEqualTo(JsonScanner.END_OBJECT);
  }

  /**
   * A string's plain-ASCII fast path hands over to the decoding loop at the first special byte: one
   * special byte at every offset of a 24-byte string must be read the same way (also a guard for any
   * future word-at-a-time scan, whose word boundaries fall at offsets 8 and 16).
   */
  @Test
  void nextWhenSpecialByteAtAnyOffsetOfAStringThenReadAsByteByByte() {
    for (int at = 0; at < 24; at++) {
      String before = "abcdefghijklmnopqrstuvwx".substring(0, at);
      String after = "ABCDEFGHIJKLMNOPQRSTUVWX".substring(at + 1);
      assertThat(tokens("\"" + before + "\\n" + after + "\"")).as("escape at %d", at).isEqualTo("S:" + before + "\n" + after);
      assertThat(tokens("\"" + before + "\u007f" + after + "\"")).as("DEL at %d", at).isEqualTo("S:" + before + "\u007f" + after);
      assertThat(tokens("\"" + before + " ~!" + after + "\"")).as("edges of the range at %d", at)
          .isEqualTo("S:" + before + " ~!" + after);
      assertThat(tokens("\"" + before + "\u00e9" + after + "\"")).as("non-ASCII at %d", at)
          .isEqualTo("S:" + before + "\u00e9" + after);
      assertThat(tokens("[\"" + before + "\",\"" + after + "\"]")).as("quote at %d", at)
          .isEqualTo("[ S:" + before + " S:" + after + " ]");
      for (char control : new char[] {0x00, 0x01, 0x1f}) {
        assertThat(tokens("\"" + before + control + after + "\"")).as("control %d at %d", (int) control, at)
            .isEqualTo("ERROR");
      }
    }
  }

  @Test
  void nextWhenNestedToTheLimitThenReadAndOneDeeperThenRefused() {
    String deepest = "[".repeat(JsonScanner.MAX_DEPTH) + "]".repeat(JsonScanner.MAX_DEPTH);
    assertThat(tokens(deepest).split(" ")).hasSize(2 * JsonScanner.MAX_DEPTH);
    assertThat(tokens("[" + deepest + "]")).isEqualTo("ERROR");
    String objects = "{\"a\":".repeat(JsonScanner.MAX_DEPTH) + "1" + "}".repeat(JsonScanner.MAX_DEPTH);
    assertThat(tokens(objects).split(" ")).hasSize(3 * JsonScanner.MAX_DEPTH + 1);
    assertThat(tokens("{\"a\":" + objects + "}")).isEqualTo("ERROR");
    assertThat(tokens("[".repeat(100_000))).isEqualTo("ERROR");
  }

  @Test
  void longValueWhenIntegerThenExactAndBeyondLongThenRefused() throws IOException {
    assertThat(number("9223372036854775807").longValue()).isEqualTo(Long.MAX_VALUE);
    assertThat(number("-9223372036854775808").longValue()).isEqualTo(Long.MIN_VALUE);
    assertThat(number("1795690800").longValue()).isEqualTo(1_795_690_800L);
    assertThat(number("-0").longValue()).isZero();
    // 18 digits and fewer take the unchecked loop, 19 the checked one: both sides of the switch
    assertThat(number("999999999999999999").longValue()).isEqualTo(999_999_999_999_999_999L);
    assertThat(number("-999999999999999999").longValue()).isEqualTo(-999_999_999_999_999_999L);
    assertThat(number("1000000000000000000").longValue()).isEqualTo(1_000_000_000_000_000_000L);
    assertThatThrownBy(() -> number("9223372036854775808").longValue()).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> number("-9223372036854775809").longValue()).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> number("99999999999999999999999").longValue()).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> number("1.0").longValue()).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> number("1e3").longValue()).isInstanceOf(IOException.class);
  }

  @Test
  void doubleValueWhenFractionOrExponentThenNearestDouble() throws IOException {
    assertThat(number("1795690800.75").doubleValue()).isEqualTo(1795690800.75);
    assertThat(number("1.7956908e9").doubleValue()).isEqualTo(1.7956908e9);
    assertThat(number("1e999").doubleValue()).isInfinite();
    assertThat(number("-1e-999").doubleValue()).isEqualTo(-0.0);
  }

  @Test
  void skipChildrenWhenOnContainerThenStandsAfterItsEnd() throws IOException {
    JsonScanner scanner = new JsonScanner("{\"a\":{\"x\":[1,{\"y\":2}]},\"b\":3}".getBytes(StandardCharsets.UTF_8));
    assertThat(scanner.next()).isEqualTo(JsonScanner.START_OBJECT);
    assertThat(scanner.next()).isEqualTo(JsonScanner.NAME);
    int value = scanner.next();
    assertThat(value).isEqualTo(JsonScanner.START_OBJECT);
    scanner.skipChildren(value);
    assertThat(scanner.next()).isEqualTo(JsonScanner.NAME);
    assertThat(scanner.text()).isEqualTo("b");
    assertThat(scanner.next()).isEqualTo(JsonScanner.NUMBER);
    scanner.skipChildren(JsonScanner.NUMBER); // a scalar: nothing to skip
    assertThat(scanner.next()).isEqualTo(JsonScanner.END_OBJECT);
    assertThat(scanner.next()).isEqualTo(JsonScanner.END);
  }

  @Test
  void skipChildrenWhenSkippedPartIsMalformedThenRefused() throws IOException {
    JsonScanner scanner = new JsonScanner("{\"a\":[1,\"\\ud800\"],\"b\":3}".getBytes(StandardCharsets.UTF_8));
    scanner.next();
    scanner.next();
    int value = scanner.next();
    assertThatThrownBy(() -> scanner.skipChildren(value)).isInstanceOf(IOException.class);
  }

  @Test
  void nextWhenSliceOfLargerArrayThenReadsOnlyTheSlice() {
    byte[] buffer = "xx{\"a\":1}yy".getBytes(StandardCharsets.US_ASCII);
    JsonScanner scanner = new JsonScanner(buffer, 2, 9);
    StringBuilder seen = new StringBuilder();
    try {
      for (int t = scanner.next(); t != JsonScanner.END; t = scanner.next()) {
        seen.append(t).append(',');
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertThat(seen).hasToString(JsonScanner.START_OBJECT + "," + JsonScanner.NAME + "," + JsonScanner.NUMBER + ","
        + JsonScanner.END_OBJECT + ",");
    assertThat(tokens(new byte[0])).isEqualTo("ERROR");
  }

  @Test
  void errorWhenRefusedThenMessageGivesOffsetNotInput() {
    byte[] secret = "{\"password\":\"hunter2\u0001\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> {
      JsonScanner scanner = new JsonScanner(secret);
      while (scanner.next() != JsonScanner.END) {
        // read to the error
      }
    }).isInstanceOf(IOException.class).hasMessage("malformed JSON at offset 20");
  }

  private static JsonScanner number(String json) throws IOException {
    JsonScanner scanner = new JsonScanner(json.getBytes(StandardCharsets.US_ASCII));
    assertThat(scanner.next()).isEqualTo(JsonScanner.NUMBER);
    return scanner;
  }

  static byte[] bytes(String hex) {
    String[] parts = hex.trim().split(" ");
    byte[] out = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return out;
  }
}
