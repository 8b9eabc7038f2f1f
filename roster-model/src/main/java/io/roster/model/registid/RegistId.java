package io.roster.model.registid;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * A registId in the form stores keep it: two longs when it is a canonical lowercase UUID (what
 * the official client generates), the string itself otherwise.
 *
 * <p>Why: a 36-character registId costs ~80 B of heap as a {@code String}; as two longs inside
 * the entry that holds it, 16 B. Session and data node each keep one per publisher, so at a
 * million publishers this alone is ~128 MB. The string form is rebuilt on demand, identically.
 */
final class RegistId {

  private static final int UUID_LENGTH = 36;
  /**
   * Per-process seeds: registIds come from clients, and a table whose hash an attacker can predict
   * can be flooded with colliding ids (linear probing then goes quadratic).
   */
  private static final long SEED_HIGH = new SecureRandom().nextLong() | 1L;
  private static final long SEED_LOW = new SecureRandom().nextLong() | 1L;

  private RegistId() {}

  /** True when {@code id} is exactly what {@link UUID#toString()} would print. */
  static boolean isPackable(String id) {
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
  static long high(String id) {
    return isPackable(id) ? packedHigh(id) : 0L;
  }

  /** The last 64 bits of a packable id; 0 for any other. */
  static long low(String id) {
    return isPackable(id) ? packedLow(id) : 0L;
  }

  /** {@link #high} of an id already known to be packable: the check is the costly part. */
  static long packedHigh(String id) {
    return bits(id, 0, 8) << 32 | bits(id, 9, 13) << 16 | bits(id, 14, 18);
  }

  static long packedLow(String id) {
    return bits(id, 19, 23) << 48 | bits(id, 24, 36);
  }

  /** The id itself when it is not packable, else null: the third part of the stored form. */
  static String textOrNull(String id) {
    return isPackable(id) ? null : id;
  }

  /** The registId string of a stored form. */
  static String text(long high, long low, String textOrNull) {
    return textOrNull != null ? textOrNull : new UUID(high, low).toString();
  }

  /** A well-spread, per-process seeded hash of a stored form. */
  static int hash(long high, long low, String textOrNull) {
    if (textOrNull == null) {
      return (int) (mix(high ^ SEED_HIGH) + mix(low ^ SEED_LOW) >>> 32);
    }
    long h = SEED_HIGH;
    for (int i = 0; i < textOrNull.length(); i++) {
      h = mix(h ^ textOrNull.charAt(i));
    }
    return (int) (mix(h ^ SEED_LOW) >>> 32);
  }

  /** The finalizer of MurmurHash3: every input bit affects every output bit. */
  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    return x ^ (x >>> 33);
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
