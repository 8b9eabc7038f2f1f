package io.roster.remoting.refusal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs refused input without letting the input flood the log. The first refusal of a (source,
 * reason) pair is logged at once, one line, no stack trace; further ones of that pair are only
 * counted until {@code interval} has passed since its last line, and the next one logs how many
 * were held back. An attacker who sends a million bad frames gets about one line per interval per
 * reason, and one who spreads over many sources or reasons is capped by {@link #MAX_TRACKED}
 * pairs, beyond which all refusals share one pair, logged under the source {@code "other
 * sources"}. A reason is cut at {@value #MAX_REASON_CHARS} characters.
 *
 * <p>Thread-safe and lock-free: called from I/O threads. The clock is injected (nanoseconds, as
 * {@link System#nanoTime()}) so tests advance time instead of sleeping.
 */
public final class RefusalLog {

  /** Distinct (source, reason) pairs tracked at once; bounds memory under a spread attack. */
  static final int MAX_TRACKED = 1024;
  private static final String OTHER_SOURCES = "other sources";
  /** The one pair that every refusal shares once {@link #MAX_TRACKED} pairs are tracked. */
  private static final Key OVERFLOW = new Key(OTHER_SOURCES, "other reasons");
  static final int MAX_REASON_CHARS = 200;

  private final Logger log;
  private final String what;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Map<Key, Pair> pairs = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();

  private record Key(String source, String reason) {}

  /** Per pair: when it last logged, and how many refusals since that line. */
  private static final class Pair {
    final AtomicLong loggedAt;
    final LongAdder heldBack = new LongAdder();

    Pair(long now) {
      this.loggedAt = new AtomicLong(now);
    }
  }

  /**
   * @param what what is refused, the start of every line, e.g. {@code "session bolt request"}
   */
  public RefusalLog(Logger log, String what, Duration interval, LongSupplier nanoClock) {
    this.log = log;
    this.what = what;
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
  }

  /** A log on the system clock that repeats a pair at most once a minute. */
  public static RefusalLog perMinute(Logger log, String what) {
    return new RefusalLog(log, what, Duration.ofMinutes(1), System::nanoTime);
  }

  /**
   * Counts one refusal of input from {@code source} (an address, for an operator to act on) for
   * {@code reason} (a short fixed text; never the input itself, which may be huge), and logs it
   * unless the pair logged within the interval.
   */
  public void refused(String source, String reason) {
    total.increment();
    long now = nanoClock.getAsLong();
    String shortReason = shortened(reason);
    Key key = new Key(source == null ? "unknown" : source, shortReason);
    String shownSource = key.source();
    Pair pair = pairs.get(key);
    if (pair == null) {
      if (pairs.size() >= MAX_TRACKED) {
        // Reasons can name what the input named (a refused class), so past the cap every new
        // pair shares one entry, or distinct reasons would grow the table and the log unbounded.
        key = OVERFLOW;
        shownSource = OTHER_SOURCES;
      }
      Pair fresh = new Pair(now);
      pair = pairs.putIfAbsent(key, fresh);
      if (pair == null) {
        log.warn("refused {} from {}: {}", what, shownSource, shortReason);
        return;
      }
    }
    long last = pair.loggedAt.get();
    if (now - last >= intervalNanos && pair.loggedAt.compareAndSet(last, now)) {
      long held = pair.heldBack.sumThenReset();
      log.warn("refused {} from {}: {} ({} more like it since the last line)", what, shownSource,
          shortReason, held);
    } else {
      pair.heldBack.increment();
    }
  }

  /** Reasons are meant to be short; one that quotes input is cut so a line stays a line. */
  private static String shortened(String reason) {
    String r = reason == null ? "unknown" : reason;
    return r.length() <= MAX_REASON_CHARS ? r : r.substring(0, MAX_REASON_CHARS) + "...";
  }

  /** Every refusal counted since start, logged or not: for a metric. */
  public long total() {
    return total.sum();
  }
}
