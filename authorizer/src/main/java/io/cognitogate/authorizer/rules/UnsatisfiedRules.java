package io.cognitogate.authorizer.rules;

import java.util.Arrays;

/**
 * Which rules of a {@link RouteRules} a caller fails, by position: an immutable set with equals and
 * hashCode, so callers failing the same rules share one cached policy per route. Any number of
 * rules; the first 64 live in one {@code long}, so the usual set costs no array.
 */
public final class UnsatisfiedRules {
  static final UnsatisfiedRules NONE = new UnsatisfiedRules(0L, null);

  /** Bit i is rule i, for rules 0 to 63. */
  private final long low;

  /** Rules 64 and up, 64 per word; null when none is set (never trailing zero words). */
  private final long[] high;

  private UnsatisfiedRules(long low, long[] high) {
    this.low = low;
    this.high = high;
  }

  /**
   * The set of these rule positions (tests and tools; the authorizer gets it from {@link
   * RouteRules#unsatisfied}).
   */
  public static UnsatisfiedRules of(int... positions) {
    long low = 0;
    long[] high = null;
    for (int position : positions) {
      if (position < 0) {
        throw new IllegalArgumentException("rule positions start at 0");
      }
      if (position < 64) {
        low |= 1L << position;
      } else {
        high = withHigh(high, position);
      }
    }
    return of(low, high);
  }

  /** Adds {@code position} (64 or more) to {@code high} (null: none yet), growing it as needed. */
  static long[] withHigh(long[] high, int position) {
    int word = (position >>> 6) - 1;
    long[] grown =
        high == null
            ? new long[word + 1]
            : high.length > word ? high : Arrays.copyOf(high, word + 1);
    grown[word] |= 1L << position;
    return grown;
  }

  /** The set held by {@code low} and {@code high} (null: none); takes ownership of the array. */
  static UnsatisfiedRules of(long low, long[] high) {
    int length = high == null ? 0 : high.length;
    while (length > 0 && high[length - 1] == 0) {
      length--;
    }
    if (length == 0) {
      return low == 0 ? NONE : new UnsatisfiedRules(low, null);
    }
    return new UnsatisfiedRules(low, length == high.length ? high : Arrays.copyOf(high, length));
  }

  /** Whether this is the set of the first 64 rules given by {@code mask}. */
  boolean isLow(long mask) {
    return high == null && low == mask;
  }

  public boolean isEmpty() {
    return low == 0 && high == null;
  }

  public boolean contains(int position) {
    if (position < 0) {
      return false;
    }
    if (position < 64) {
      return (low & 1L << position) != 0;
    }
    int word = (position >>> 6) - 1;
    return high != null && word < high.length && (high[word] & 1L << position) != 0;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UnsatisfiedRules that
        && low == that.low
        && Arrays.equals(high, that.high);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(low) * 31 + Arrays.hashCode(high);
  }

  /** E.g. {@code UnsatisfiedRules[0, 70]}: rule positions, never a rule's text. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("UnsatisfiedRules[");
    String separator = "";
    int end = 64 + (high == null ? 0 : high.length * 64);
    for (int position = 0; position < end; position++) {
      if (contains(position)) {
        text.append(separator).append(position);
        separator = ", ";
      }
    }
    return text.append(']').toString();
  }
}
