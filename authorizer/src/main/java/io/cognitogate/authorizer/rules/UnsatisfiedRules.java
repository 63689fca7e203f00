package io.cognitogate.authorizer.rules;

import java.util.Arrays;

/**
 * Which rules of a {@link RouteRules} a caller fails, by position: an immutable set with equals
 * and hashCode, so callers failing the same rules share one cached policy per route.
 */
public final class UnsatisfiedRules {
  static final UnsatisfiedRules NONE = new UnsatisfiedRules(new long[0]);

  /** Bit i of word i / 64 is rule i; no trailing zero words, so equal sets have equal arrays. */
  private final long[] words;

  private UnsatisfiedRules(long[] words) {
    this.words = words;
  }

  /** The set of these rule positions (tests and tools; the authorizer gets it from {@link RouteRules#unsatisfied}). */
  public static UnsatisfiedRules of(int... positions) {
    long[] words = null;
    for (int position : positions) {
      words = with(words, position);
    }
    return of(words);
  }

  /** Adds {@code position} to {@code words} (null: none yet), growing it as needed. */
  static long[] with(long[] words, int position) {
    if (position < 0) {
      throw new IllegalArgumentException("rule positions start at 0");
    }
    int word = position >>> 6;
    long[] grown = words == null ? new long[word + 1] : words.length > word ? words : Arrays.copyOf(words, word + 1);
    grown[word] |= 1L << position;
    return grown;
  }

  /** The set held by {@code words} (null: empty); takes ownership of the array. */
  static UnsatisfiedRules of(long[] words) {
    if (words == null) {
      return NONE;
    }
    int length = words.length;
    while (length > 0 && words[length - 1] == 0) {
      length--;
    }
    return length == 0 ? NONE : new UnsatisfiedRules(length == words.length ? words : Arrays.copyOf(words, length));
  }

  public boolean isEmpty() {
    return words.length == 0;
  }

  public boolean contains(int position) {
    int word = position >>> 6;
    return position >= 0 && word < words.length && (words[word] & 1L << position) != 0;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UnsatisfiedRules that && Arrays.equals(words, that.words);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(words);
  }

  /** E.g. {@code UnsatisfiedRules[0, 70]}: rule positions, never a rule's text. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("UnsatisfiedRules[");
    String separator = "";
    for (int position = 0; position < words.length * 64; position++) {
      if (contains(position)) {
        text.append(separator).append(position);
        separator = ", ";
      }
    }
    return text.append(']').toString();
  }
}
