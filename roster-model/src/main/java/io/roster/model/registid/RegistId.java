package io.roster.model.registid;

import java.util.UUID;

/**
 * A registId in the form stores keep it: two longs when it is a canonical lowercase UUID (what
 * the official client generates), the string itself otherwise.
 *
 * <p>Why: a 36-character registId costs ~80 B of heap as a {@code String}; as two longs inside
 * the entry that holds it, 16 B. Session and data node each keep one per publisher, so at a
 * million publishers this alone is ~128 MB. The string form is rebuilt on demand, identically.
 */
public final class RegistId {

  private static final int UUID_LENGTH = 36;

  private RegistId() {}

  /** True when {@code id} is exactly what {@link UUID#toString()} would print. */
  public static boolean isPackable(String id) {
    if (id == null || id.length() != UUID_LENGTH) {
      return false;
    }
    for (int i = 0; i < UUID_LENGTH; i++) {
      char c = id.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : hex(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The first 64 bits of a packable id; 0 for any other. */
  public static long high(String id) {
    return isPackable(id) ? bits(id, 0, 8) << 32 | bits(id, 9, 13) << 16 | bits(id, 14, 18) : 0L;
  }

  /** The last 64 bits of a packable id; 0 for any other. */
  public static long low(String id) {
    return isPackable(id) ? bits(id, 19, 23) << 48 | bits(id, 24, 36) : 0L;
  }

  /** The id itself when it is not packable, else null: the third part of the stored form. */
  public static String textOrNull(String id) {
    return isPackable(id) ? null : id;
  }

  /** The registId string of a stored form. */
  public static String text(long high, long low, String textOrNull) {
    return textOrNull != null ? textOrNull : new UUID(high, low).toString();
  }

  /** A well-spread hash of a stored form. */
  static int hash(long high, long low, String textOrNull) {
    long x = textOrNull != null ? textOrNull.hashCode() : high ^ Long.rotateLeft(low, 32);
    return (int) ((x * 0x9E3779B97F4A7C15L) >>> 32);
  }

  private static long bits(String id, int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      value = value << 4 | hex(id.charAt(i));
    }
    return value;
  }

  /** Lowercase hex only: an uppercase id would not print back the same. */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  }
}
