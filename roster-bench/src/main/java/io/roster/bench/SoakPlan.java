package io.roster.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When the soak samples and when it replaces a churn JVM, in seconds from the start of the churn.
 * The first sample comes after a warm-up (a tenth of the run, 15 to 60 s: JIT, pools and the
 * official clients' first registrations settle), then one every interval (a twentieth of the run,
 * 5 to 30 s) and one at the end. Each churn JVM lives a fifth of the run (at least 20 s), the JVMs
 * staggered so that one at a time is replaced; none in the last interval, so the final sample and
 * the data check see a settled fleet.
 */
record SoakPlan(long durationSeconds, long warmupSeconds, long intervalSeconds, long lifetimeSeconds) {

  /** A sample, or the replacement of churn JVM {@code slot}, at {@code atSeconds}. */
  record Event(long atSeconds, boolean sample, int slot) {}

  static SoakPlan of(int minutes) {
    long duration = minutes * 60L;
    return new SoakPlan(duration, clamp(duration / 10, 15, 60), clamp(duration / 20, 5, 30),
        Math.max(20, duration / 5));
  }

  private static long clamp(long v, long low, long high) {
    return Math.max(low, Math.min(high, v));
  }

  List<Long> sampleTimes() {
    List<Long> times = new ArrayList<>();
    for (long t = warmupSeconds; t < durationSeconds; t += intervalSeconds) {
      times.add(t);
    }
    times.add(durationSeconds);
    return times;
  }

  /** Samples and replacements in time order; a sample first when both fall on the same second. */
  List<Event> events(int jvms) {
    List<Event> events = new ArrayList<>();
    sampleTimes().forEach(t -> events.add(new Event(t, true, -1)));
    for (int slot = 0; slot < jvms; slot++) {
      for (long t = lifetimeSeconds * (slot + 1) / jvms; t < durationSeconds - intervalSeconds;
          t += lifetimeSeconds) {
        events.add(new Event(t, false, slot));
      }
    }
    events.sort(Comparator.comparingLong(Event::atSeconds).thenComparing(e -> !e.sample()));
    return events;
  }

  /** Where the verdict's slope starts: the second half of the run. */
  long secondHalfSeconds() {
    return durationSeconds / 2;
  }
}
