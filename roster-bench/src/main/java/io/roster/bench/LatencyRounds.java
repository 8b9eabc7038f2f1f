package io.roster.bench;

import java.time.Duration;
import java.util.Arrays;

/** Collects the per-subscriber samples of many rounds and reports progress. */
final class LatencyRounds {

  private final int rounds;
  private long[] samples = new long[0];
  private final long startNanos = System.nanoTime();

  LatencyRounds(int rounds) {
    this.rounds = rounds;
  }

  void add(int round, long[] roundSamples) {
    int old = samples.length;
    samples = Arrays.copyOf(samples, old + roundSamples.length);
    System.arraycopy(roundSamples, 0, samples, old, roundSamples.length);
    Stats roundStats = Stats.of(roundSamples);
    if (round == 1 || round % 10 == 0 || round == rounds) {
      System.out.printf("  round %d/%d: p50 %.2f ms, max %.2f ms (%.0f s elapsed)%n", round, rounds,
          roundStats.p50Millis(), roundStats.maxMillis(),
          Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0);
    }
  }

  Stats stats() {
    return Stats.of(samples);
  }
}
