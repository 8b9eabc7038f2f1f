package io.roster.protocol.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of repeating strings at the head of a packed message ({@link WriteBatch},
 * {@link ReplicaAppend}): each distinct string is written once, and the body refers to it by a
 * varint, 0 for null and otherwise its 1-based position.
 */
final class StringTable {

  private final Map<String, Integer> index = new HashMap<>();
  private final VarBytes.Writer table = new VarBytes.Writer(256);

  /** The reference to {@code value}, added to the table on first sight. */
  int ref(String value) {
    if (value == null) {
      return 0;
    }
    Integer known = index.get(value);
    if (known != null) {
      return known;
    }
    table.string(value);
    index.put(value, index.size() + 1);
    return index.size();
  }

  /** The message: the table (its size, then its strings), then {@code body}. */
  byte[] pack(VarBytes.Writer body) {
    VarBytes.Writer out = new VarBytes.Writer(16 + table.size() + body.size());
    out.varint(index.size());
    out.append(table);
    out.append(body);
    return out.toByteArray();
  }

  /** Reads the table at the head of a message; {@code in} is then at the body. */
  static List<String> read(VarBytes.Reader in) {
    int size = in.length();
    List<String> strings = new ArrayList<>(Math.min(size, 1024));
    for (int i = 0; i < size; i++) {
      strings.add(in.nullableString());
    }
    return strings;
  }

  /** Reads one reference from {@code in} and resolves it against {@code strings}. */
  static String deref(VarBytes.Reader in, List<String> strings) {
    long ref = in.varint();
    if (ref < 0 || ref > strings.size()) {
      throw new IllegalArgumentException("string ref " + ref + " of " + strings.size());
    }
    return ref == 0 ? null : strings.get((int) ref - 1);
  }
}
