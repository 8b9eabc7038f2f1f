package io.roster.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code failover} results over all rounds: one sample per measure per round that got that
 * far, the rounds that failed (and why), and, per fault, the pushes that lacked a live publisher.
 * Measures are declared up front so that a measure no round completed still shows in the report.
 */
final class FaultTally {

  private static final int FAILURES_REPORTED = 5;

  private final Map<String, List<Long>> samples = new LinkedHashMap<>();
  private final Map<String, Integer> failedRounds = new LinkedHashMap<>();
  private final Map<String, Integer> incomplete = new LinkedHashMap<>();
  private final List<String> failures = new ArrayList<>();

  /** {@code fault} (meta, data, session) and the measures its rounds report. */
  void declare(String fault, String... measures) {
    failedRounds.put(fault, 0);
    incomplete.put(fault, 0);
    incomplete.put(fault + "Recovery", 0);
    for (String measure : measures) {
      samples.put(measure, new ArrayList<>());
    }
  }

  void sample(String measure, long nanos) {
    List<Long> list = samples.get(measure);
    if (list == null) {
      throw new IllegalArgumentException("undeclared measure " + measure);
    }
    list.add(nanos);
  }

  void failed(String fault, int round, String why) {
    failedRounds.merge(fault, 1, Integer::sum);
    failures.add("round " + round + " " + fault + ": " + why);
  }

  /** {@code phase} is a fault's name, or it followed by {@code Recovery}. */
  void incomplete(String phase, int pushes) {
    incomplete.merge(phase, pushes, Integer::sum);
  }

  int failedRounds() {
    return failedRounds.values().stream().mapToInt(Integer::intValue).sum();
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  /**
   * Adds every measure's percentiles, the failed rounds, {@code incompletePushes} (the checker's
   * total) and each fault's and each recovery's share of them, and the first failures.
   */
  Report addTo(Report report, int incompletePushes) {
    samples.forEach((measure, list) ->
        report.latency(measure, Stats.of(list.stream().mapToLong(Long::longValue).toArray())));
    failedRounds.forEach((fault, n) -> report.put(fault + "FailedRounds", n));
    report.put("incompletePushes", incompletePushes);
    incomplete.forEach((fault, n) -> report.put("incompletePushesDuring" + capitalized(fault), n));
    for (int i = 0; i < Math.min(FAILURES_REPORTED, failures.size()); i++) {
      report.put("failure" + (i + 1), failures.get(i));
    }
    return report;
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
