package io.roster.bench;

import java.util.Arrays;

/** Latency percentiles over samples in nanoseconds, reported in milliseconds. */
record Stats(int samples, double p50Millis, double p99Millis, double maxMillis) {

  static Stats of(long[] nanos) {
    if (nanos.length == 0) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Stats(sorted.length, millis(percentile(sorted, 0.50)), millis(percentile(sorted, 0.99)),
        millis(sorted[sorted.length - 1]));
  }

  /** Nearest-rank percentile. */
  private static long percentile(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
