package io.cognitogate.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTextTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plain           | abc-123          | \"abc-123\"",
        "quote           | a\"b              | \"a\\\"b\"",
        "backslash       | a\\b              | \"a\\\\b\"",
        "tab             | a\tb              | \"a\\u0009b\"",
        "quote at the end | abc-123\"        | \"abc-123\\\"\"",
        "DEL, then quote  | a\u007fb\"        | \"a\u007fb\\\"\"",
        "latin-1, then NUL | a\u00e9\u0000b   | \"a\u00e9\\u0000b\""
      })
  void quoteWhenSpecialCharacterThenEscaped(String name, String value, String expected) {
    assertThat(JsonText.quote(new StringBuilder(), value).toString()).isEqualTo(expected);
  }

  @Test
  void escapeWhenControlLineSeparatorsOrLoneSurrogatesThenUnicodeEscapes() {
    String value = "\u0000\n\u001f\u2028\u2029" + '\ud800' + "x" + '\udc00';

    assertThat(JsonText.escape(new StringBuilder(), value).toString())
        .isEqualTo("\\u0000\\u000a\\u001f\\u2028\\u2029\\ud800x\\udc00");
  }

  @Test
  void escapeWhenNonAsciiOrSurrogatePairThenKeptAsIs() {
    String value = "\u00e9\u4e2d\ud83d\ude00";

    assertThat(JsonText.escape(new StringBuilder(), value).toString()).isEqualTo(value);
  }

  @Test
  void quoteWhenReadBackByJacksonThenTheSameString() throws IOException {
    com.fasterxml.jackson.databind.ObjectMapper jackson =
        new com.fasterxml.jackson.databind.ObjectMapper();
    Random random = new Random(42);
    for (int n = 0; n < 10_000; n++) {
      StringBuilder value = new StringBuilder();
      for (int i = random.nextInt(20); i > 0; i--) {
        int kind = random.nextInt(4);
        if (kind == 0) {
          value.append((char) random.nextInt(0x80));
        } else if (kind == 1) {
          value.append("\"\\\u2028\u2029".charAt(random.nextInt(4)));
        } else if (kind == 2) {
          value.appendCodePoint(0x10000 + random.nextInt(0x100000)); // a surrogate pair
        } else {
          value.append((char) (0x80 + random.nextInt(0xd800 - 0x80)));
        }
      }
      byte[] json =
          JsonText.quote(new StringBuilder(), value.toString())
              .toString()
              .getBytes(StandardCharsets.UTF_8);
      assertThat(jackson.readValue(json, String.class)).isEqualTo(value.toString());
    }
  }
}
