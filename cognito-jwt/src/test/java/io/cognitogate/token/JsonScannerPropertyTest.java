package io.cognitogate.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * {@link JsonScanner} against jackson-core (the reader it replaced) on random JSON, valid and mutated:
 * both accept or both refuse, and where both accept they see the same tokens, names, strings and
 * numbers. Intentional differences, where jackson-core accepts and we refuse (checked to be refused
 * by us): malformed UTF-8 (jackson-core does not check every sequence), unpaired surrogate escapes
 * (not text), and a BOM or UTF-16/32 input (RFC 8259: UTF-8, no BOM). Each jqwik try derives
 * {@value #PER_TRY} documents from its seed.
 */
class JsonScannerPropertyTest {
  static final int TRIES = 2_000;
  static final int PER_TRY = 50;
  static final JsonFactory JACKSON = new JsonFactory();
  static final String SPECIALS = "{}[]:,\"\\ -+.eE0123456789tfnul\t\n\r/'xu";

  static final AtomicLong BOTH_ACCEPT = new AtomicLong();
  static final AtomicLong BOTH_REFUSE = new AtomicLong();
  static final AtomicLong INTENDED = new AtomicLong();

  @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
  void nextWhenRandomJsonThenAgreesWithJacksonCore(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < PER_TRY; i++) {
      StringBuilder text = new StringBuilder();
      value(random, text, 0);
      byte[] json = text.toString().getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(3) > 0) {
        json = mutate(random, json);
      }
      compare(json, "seed " + seed + " #" + i);
    }
  }

  static void compare(byte[] json, String where) {
    String ours = JsonScannerTest.tokens(json);
    String jackson = jackson(json);
    String described = where + ": " + new String(json, StandardCharsets.UTF_8);
    if (jackson != null && ours.equals("ERROR") && intended(json, jackson)) {
      INTENDED.incrementAndGet();
      return;
    }
    assertThat(ours).as(described).isEqualTo(jackson == null ? "ERROR" : jackson);
    (jackson == null ? BOTH_REFUSE : BOTH_ACCEPT).incrementAndGet();
  }

  /** The documented cases where jackson-core accepts and we refuse on purpose. */
  static boolean intended(byte[] json, String jacksonTokens) {
    if (json.length >= 3 && (json[0] & 0xFF) == 0xEF && (json[1] & 0xFF) == 0xBB && (json[2] & 0xFF) == 0xBF) {
      return true;
    }
    for (int i = 0; i < Math.min(4, json.length); i++) {
      if (json[i] == 0) {
        return true; // jackson-core detects UTF-16/32 from zero bytes at the start
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(json));
    } catch (CharacterCodingException e) {
      return true;
    }
    for (int i = 0; i < jacksonTokens.length(); i++) {
      char c = jacksonTokens.charAt(i);
      if (Character.isHighSurrogate(c) && (i + 1 == jacksonTokens.length() || !Character.isLowSurrogate(jacksonTokens.charAt(i + 1)))) {
        return true;
      }
      if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(jacksonTokens.charAt(i - 1)))) {
        return true;
      }
      if (Character.isHighSurrogate(c)) {
        i++;
      }
    }
    return false;
  }

  /** jackson-core's tokens in {@link JsonScannerTest#tokens}'s notation; null if it refuses. */
  static String jackson(byte[] json) {
    StringBuilder out = new StringBuilder();
    try (JsonParser p = JACKSON.createParser(json)) {
      JsonToken token = p.nextToken();
      if (token == null) {
        return null;
      }
      int depth = 0;
      do {
        if (out.length() > 0) {
          out.append(' ');
        }
        switch (token) {
          case START_OBJECT -> { out.append('{'); depth++; }
          case END_OBJECT -> { out.append('}'); depth--; }
          case START_ARRAY -> { out.append('['); depth++; }
          case END_ARRAY -> { out.append(']'); depth--; }
          case FIELD_NAME -> out.append("N:").append(p.currentName());
          case VALUE_STRING -> out.append("S:").append(p.getText());
          case VALUE_NUMBER_INT -> out.append('#').append(p.getText());
          case VALUE_NUMBER_FLOAT -> out.append('~').append(p.getText());
          case VALUE_TRUE -> out.append('T');
          case VALUE_FALSE -> out.append('F');
          case VALUE_NULL -> out.append('0');
          default -> throw new AssertionError(token);
        }
      } while (depth > 0 && (token = p.nextToken()) != null);
      if (depth != 0 || p.nextToken() != null) {
        return null;
      }
      return out.toString();
    } catch (IOException e) {
      return null;
    }
  }

  static void value(SplittableRandom r, StringBuilder out, int depth) {
    space(r, out);
    int kind = r.nextInt(depth > 4 ? 4 : 7);
    switch (kind) {
      case 0 -> string(r, out);
      case 1 -> number(r, out);
      case 2 -> out.append(r.nextBoolean() ? "true" : r.nextBoolean() ? "false" : "null");
      case 3 -> string(r, out);
      case 4, 5 -> {
        out.append('{');
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            out.append(',');
          }
          space(r, out);
          string(r, out);
          space(r, out);
          out.append(':');
          value(r, out, depth + 1);
        }
        space(r, out);
        out.append('}');
      }
      default -> {
        out.append('[');
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            out.append(',');
          }
          value(r, out, depth + 1);
        }
        space(r, out);
        out.append(']');
      }
    }
    space(r, out);
  }

  static void space(SplittableRandom r, StringBuilder out) {
    while (r.nextInt(4) == 0) {
      out.append(" \t\n\r".charAt(r.nextInt(4)));
    }
  }

  static void string(SplittableRandom r, StringBuilder out) {
    out.append('"');
    int n = r.nextInt(8);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(10)) {
        case 0 -> out.append("\\\"\\\\/\\b\\f\\n\\r\\t".substring(0, 2 * (1 + r.nextInt(4))));
        case 1 -> out.append(String.format(r.nextBoolean() ? "\\u%04x" : "\\u%04X", r.nextInt(0x10000)));
        case 2 -> out.append(String.format("\\u%04x\\u%04x", 0xD800 + r.nextInt(0x400), 0xDC00 + r.nextInt(0x400)));
        case 3 -> out.appendCodePoint(0x10000 + r.nextInt(0x100000));
        case 4 -> out.append((char) (0x80 + r.nextInt(0xD800 - 0x80)));
        case 5 -> out.append((char) (0xE000 + r.nextInt(0x2000)));
        default -> out.append((char) (0x20 + r.nextInt(0x60)));
      }
    }
    out.append('"');
  }

  static void number(SplittableRandom r, StringBuilder out) {
    switch (r.nextInt(6)) {
      case 0 -> out.append(r.nextLong());
      case 1 -> out.append(r.nextInt(1000) - 500);
      case 2 -> out.append(r.nextBoolean() ? "-" : "").append(r.nextInt(100)).append('.').append(r.nextInt(10000));
      case 3 -> out.append(r.nextInt(100)).append("eE".charAt(r.nextInt(2))).append(r.nextBoolean() ? "" : r.nextBoolean() ? "+" : "-")
          .append(r.nextInt(400));
      case 4 -> out.append("9".repeat(1 + r.nextInt(30)));
      default -> out.append(new String[] {"0", "-0", "01", "-", "1.", ".5", "1e", "+1", "-0.0e-0", "00", "1.5E+2"}[r.nextInt(11)]);
    }
  }

  static byte[] mutate(SplittableRandom r, byte[] json) {
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = json.length == 0 ? 0 : r.nextInt(json.length + 1);
      byte b = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : (byte) SPECIALS.charAt(r.nextInt(SPECIALS.length()));
      byte[] next;
      switch (r.nextInt(3)) {
        case 0 -> { // insert
          next = new byte[json.length + 1];
          System.arraycopy(json, 0, next, 0, at);
          next[at] = b;
          System.arraycopy(json, at, next, at + 1, json.length - at);
        }
        case 1 -> { // delete
          if (at == json.length) {
            continue;
          }
          next = new byte[json.length - 1];
          System.arraycopy(json, 0, next, 0, at);
          System.arraycopy(json, at + 1, next, at, json.length - at - 1);
        }
        default -> { // replace
          if (at == json.length) {
            continue;
          }
          next = json.clone();
          next[at] = b;
        }
      }
      json = next;
    }
    return json;
  }

  @AfterContainer
  static void bothSidesWellExercised() {
    long total = BOTH_ACCEPT.get() + BOTH_REFUSE.get() + INTENDED.get();
    assertThat(total).isEqualTo((long) TRIES * PER_TRY);
    assertThat(BOTH_ACCEPT.get()).isGreaterThan(total / 5);
    assertThat(BOTH_REFUSE.get()).isGreaterThan(total / 5);
    System.out.println("JsonScannerPropertyTest: both accept " + BOTH_ACCEPT + ", both refuse " + BOTH_REFUSE
        + ", intended differences " + INTENDED);
  }
}
