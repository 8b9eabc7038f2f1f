package io.roster.protocol.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Unsigned LEB128 varints and raw bytes, the building blocks of the packed data formats. */
final class VarBytes {

  private VarBytes() {}

  static final class Writer {
    private byte[] buf;
    private int size;

    Writer(int initialCapacity) {
      buf = new byte[Math.max(16, initialCapacity)];
    }

    void varint(long value) {
      ensure(10);
      while ((value & ~0x7FL) != 0) {
        buf[size++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      buf[size++] = (byte) value;
    }

    void bytes(byte[] src, int offset, int length) {
      ensure(length);
      System.arraycopy(src, offset, buf, size, length);
      size += length;
    }

    /** A {@code varint(length + 1)}-prefixed UTF-8 string; null is a single 0. */
    void string(String value) {
      if (value == null) {
        varint(0);
        return;
      }
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      varint(utf8.length + 1L);
      bytes(utf8, 0, utf8.length);
    }

    void append(Writer other) {
      bytes(other.buf, 0, other.size);
    }

    int size() {
      return size;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }
  }

  static final class Reader {
    private final byte[] buf;
    private final int end;
    private int pos;

    Reader(byte[] buf, int offset, int length) {
      this.buf = buf;
      this.pos = offset;
      this.end = offset + length;
    }

    boolean hasMore() {
      return pos < end;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        require(1);
        byte b = buf[pos++];
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("varint longer than 64 bits");
    }

    int length() {
      long n = varint();
      if (n < 0 || n > end - pos + 1L) {
        throw new IllegalArgumentException("length " + n + " runs past the end");
      }
      return (int) n;
    }

    /** A {@code varint(length + 1)}-prefixed UTF-8 string; 0 means null. */
    String nullableString() {
      int n = length();
      if (n == 0) {
        return null;
      }
      require(n - 1);
      String s = new String(buf, pos, n - 1, StandardCharsets.UTF_8);
      pos += n - 1;
      return s;
    }

    /** A {@code varint(length)}-prefixed run of bytes, copied out. */
    byte[] lengthPrefixed() {
      int n = length();
      require(n);
      byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
      pos += n;
      return out;
    }

    private void require(int n) {
      if (pos + n > end) {
        throw new IllegalArgumentException("truncated: needs " + n + " more bytes at " + pos);
      }
    }
  }
}
