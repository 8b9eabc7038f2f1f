package io.roster.bench;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the soak's churn clients did, counted in their JVM and sent to the bench as one line,
 * {@code OPS connects=20 publishes=812 ...}. The counts are cumulative for that JVM, so a lost or
 * late line loses nothing but freshness.
 */
final class SoakOps {

  /** One kind of operation; {@code errors} counts calls the official client threw on. */
  enum Op {
    CONNECTS, PUBLISHES, REPUBLISHES, UNPUBLISHES, SUBSCRIBES, UNSUBSCRIBES, DROPS, PUSHES, ERRORS;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final String PREFIX = "OPS ";

  private final AtomicLongArray counts = new AtomicLongArray(Op.values().length);

  void add(Op op) {
    counts.incrementAndGet(op.ordinal());
  }

  long get(Op op) {
    return counts.get(op.ordinal());
  }

  String line() {
    StringBuilder out = new StringBuilder(PREFIX.trim());
    for (Op op : Op.values()) {
      out.append(' ').append(op.key()).append('=').append(get(op));
    }
    return out.toString();
  }

  /** The counts in an {@link #line} (unknown keys ignored, missing ones 0). */
  static Map<Op, Long> parse(String line) {
    Map<Op, Long> counts = new EnumMap<>(Op.class);
    for (Op op : Op.values()) {
      counts.put(op, 0L);
    }
    for (String part : line.substring(PREFIX.length()).trim().split("\\s+")) {
      int eq = part.indexOf('=');
      for (Op op : Op.values()) {
        if (eq > 0 && part.substring(0, eq).equals(op.key())) {
          counts.put(op, Long.parseLong(part.substring(eq + 1)));
        }
      }
    }
    return counts;
  }

  /** Adds every count of {@code b} to {@code a}. */
  static Map<Op, Long> plus(Map<Op, Long> a, Map<Op, Long> b) {
    Map<Op, Long> sum = new EnumMap<>(a);
    b.forEach((op, n) -> sum.merge(op, n, Long::sum));
    return sum;
  }

  /** Every operation but pushes and errors: what the clients asked of the server. */
  static long operations(Map<Op, Long> counts) {
    long n = 0;
    for (Map.Entry<Op, Long> e : counts.entrySet()) {
      n += e.getKey() == Op.PUSHES || e.getKey() == Op.ERRORS ? 0 : e.getValue();
    }
    return n;
  }
}
