package io.roster.remoting.hessian;

/**
 * A pass over a Hessian body before Hessian reads it, for the one thing Hessian cannot be asked
 * to check: counts it allocates by before reading what they count. The sofa-hessian 3.5 decoder
 * ({@code Hessian2Input}, the Hessian 2 draft encoding bolt speaks) sizes a class definition's
 * field-name array by the count in the payload ({@code new String[count]}, then reads the names),
 * a definition's type name by its declared length, and a typed array by a list's declared
 * length. So twenty bytes can ask for gigabytes: one such request fails only itself, but a few
 * at once leave every other thread of the node without heap.
 *
 * <p>Every such count in a valid body is at most the bytes that follow it, because each field
 * name, character and element takes at least one byte. This pass walks the body token by token
 * with the decoder's own token lengths and refuses a body where a count is larger than what is
 * left. It needs no structure: lists, maps and objects are just the tokens that follow their tag.
 * What it cannot follow (a tag the decoder does not accept either, a cut-off token) ends the pass
 * with no finding, and Hessian then fails on it by itself. Linear in the body, no allocation.
 */
final class HessianBounds {

  private static final long NOT_A_NUMBER = Long.MIN_VALUE;

  private final byte[] b;
  private int pos;

  private HessianBounds(byte[] body) {
    this.b = body;
  }

  /** Null if no declared count exceeds the bytes after it; otherwise what was too large. */
  static String check(byte[] body) {
    return body == null ? null : new HessianBounds(body).scan();
  }

  private String scan() {
    while (pos < b.length) {
      int tag = b[pos++] & 0xff;
      String problem;
      switch (tag) {
        case 'O' -> problem = definition();
        case 'v' -> problem = compactList();
        case 'l' -> {
          if (!fixed(4)) {
            return null;
          }
          problem = bounded("list length", readInt32(pos - 4));
        }
        default -> {
          int skip = skip(tag);
          if (skip < 0 || !fixed(skip)) {
            return null; // not a token the decoder reads here: it fails by itself
          }
          problem = null;
        }
      }
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /** {@code 'O'}: type-name length, that many characters, field count, then the names. */
  private String definition() {
    long typeLength = number();
    String problem = bounded("class name length", typeLength);
    if (problem != null || typeLength == NOT_A_NUMBER || !chars(typeLength)) {
      return problem;
    }
    return bounded("class definition field count", number());
  }

  /** {@code 'v'}: a type reference, then the list's length. */
  private String compactList() {
    if (number() == NOT_A_NUMBER) {
      return null;
    }
    return bounded("list length", number());
  }

  private String bounded(String what, long count) {
    if (count != NOT_A_NUMBER && count > b.length - pos) {
      return what + " " + count + " exceeds the " + (b.length - pos) + " bytes left in the body";
    }
    return null;
  }

  /**
   * Bytes after {@code tag} for every token the decoder reads, strings and binary chunks after
   * their lengths are known; -1 for a tag it refuses (or one this pass does not model).
   */
  private int skip(int tag) {
    if (tag <= 0x1f) {
      return chars(tag) ? 0 : -1; // compact string: tag characters
    }
    if (tag <= 0x2f) {
      return tag - 0x20; // compact binary
    }
    if (tag >= 0x80) {
      return numberLength(tag);
    }
    switch (tag) {
      case 'N', 'T', 'F', 'g', 'h', 'z', 'u', 'V', 'M', 'o', 'r' -> {
        return 0; // what follows is tokens of its own
      }
      case 'S', 's', 'X', 'x', 't' -> {
        return fixed(2) && chars(readInt16(pos - 2)) ? 0 : -1; // string chunk, type name
      }
      case 'B', 'b' -> {
        return fixed(2) ? readInt16(pos - 2) : -1; // binary chunk
      }
      case 'n', 'J' -> {
        return 1;
      }
      case 'K' -> {
        return 2;
      }
      case 'R' -> {
        return 4;
      }
      case 'd' -> {
        return 8;
      }
      default -> {
        return numberLength(tag);
      }
    }
  }

  /** Bytes after a numeric tag, or -1 if the tag is not a number. */
  private static int numberLength(int tag) {
    if (tag >= 0x80 && tag <= 0xbf || tag >= 0xd8 && tag <= 0xef || tag == 'g' || tag == 'h'
        || tag == 'N' || tag == 'T' || tag == 'F') {
      return 0;
    }
    if (tag >= 0xc0 && tag <= 0xcf || tag >= 0xf0 && tag <= 0xff || tag == 'i') {
      return 1;
    }
    if (tag >= 0xd0 && tag <= 0xd7 || tag >= 0x38 && tag <= 0x3f || tag == 'j') {
      return 2;
    }
    if (tag == 'I' || tag == 'w' || tag == 'k') {
      return 4;
    }
    if (tag == 'L' || tag == 'D') {
      return 8;
    }
    return -1;
  }

  /** Reads one numeric token as readInt would see its size; NOT_A_NUMBER if it is none. */
  private long number() {
    if (pos >= b.length) {
      return NOT_A_NUMBER;
    }
    int tag = b[pos++] & 0xff;
    int length = numberLength(tag);
    if (length < 0 || !fixed(length)) {
      return NOT_A_NUMBER;
    }
    int at = pos - length;
    if (tag >= 0x80 && tag <= 0xbf) {
      return tag - 0x90;
    }
    if (tag >= 0xc0 && tag <= 0xcf) {
      return ((tag - 0xc8) << 8) + (b[at] & 0xff);
    }
    if (tag >= 0xd0 && tag <= 0xd7) {
      return ((tag - 0xd4) << 16) + ((b[at] & 0xff) << 8) + (b[at + 1] & 0xff);
    }
    if (tag >= 0xd8 && tag <= 0xef) {
      return tag - 0xe0;
    }
    if (tag >= 0xf0) {
      return ((tag - 0xf8) << 8) + (b[at] & 0xff);
    }
    if (tag >= 0x38 && tag <= 0x3f) {
      return ((tag - 0x3c) << 16) + ((b[at] & 0xff) << 8) + (b[at + 1] & 0xff);
    }
    return switch (tag) {
      case 'I', 'w' -> readInt32(at);
      case 'L' -> readInt64(at);
      case 'i' -> b[at];
      case 'j' -> (short) readInt16(at);
      case 'k' -> (long) Float.intBitsToFloat(readInt32(at));
      case 'D' -> (long) Double.longBitsToDouble(readInt64(at));
      case 'T', 'h' -> 1;
      default -> 0; // N, F, g
    };
  }

  /** Moves past {@code n} bytes if they are there. */
  private boolean fixed(long n) {
    if (n < 0 || n > b.length - pos) {
      return false;
    }
    pos += (int) n;
    return true;
  }

  /** Moves past {@code n} characters in Hessian's UTF-8 (one to three bytes each). */
  private boolean chars(long n) {
    if (n < 0 || n > b.length - pos) {
      return false;
    }
    for (long i = 0; i < n; i++) {
      if (pos >= b.length) {
        return false;
      }
      int c = b[pos] & 0xff;
      int width = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : -1;
      if (width < 0 || !fixed(width)) {
        return false;
      }
    }
    return true;
  }

  private int readInt16(int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  private int readInt32(int at) {
    return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  private long readInt64(int at) {
    return ((long) readInt32(at) << 32) | (readInt32(at + 4) & 0xffffffffL);
  }
}
