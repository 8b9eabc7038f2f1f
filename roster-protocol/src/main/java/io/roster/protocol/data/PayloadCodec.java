package io.roster.protocol.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A publisher's values ({@code DataBox} strings, any of them null) packed into one {@code byte[]}.
 *
 * <p>Why: sessions and data nodes hold every publisher, and a {@code List<String>} of one 100-byte
 * value costs ~160 B of heap where this costs ~120 B; Hessian also copies a {@code byte[]} in bulk
 * where it decodes a string one character at a time. The bytes are built once when the client
 * registers and travel unchanged to the data node and back; only the session's push to the client
 * turns them into strings again.
 *
 * <p>Format: per value, {@code varint(utf8Length + 1)} then the UTF-8 bytes; {@code 0} is a null
 * value. The value count is implied by the length.
 */
public final class PayloadCodec {

  public static final byte[] EMPTY = new byte[0];

  private PayloadCodec() {}

  public static byte[] encode(List<String> values) {
    if (values == null || values.isEmpty()) {
      return EMPTY;
    }
    VarBytes.Writer out = new VarBytes.Writer(16 + 16 * values.size());
    for (String value : values) {
      out.string(value);
    }
    return out.toByteArray();
  }

  public static List<String> decode(byte[] payload) {
    if (payload == null || payload.length == 0) {
      return List.of();
    }
    List<String> values = new ArrayList<>(2);
    VarBytes.Reader in = new VarBytes.Reader(payload, 0, payload.length);
    while (in.hasMore()) {
      values.add(in.nullableString());
    }
    return Collections.unmodifiableList(values);
  }

  public static boolean same(byte[] a, byte[] b) {
    return Arrays.equals(a, b);
  }
}
