package io.roster.remoting.meta;

import io.roster.model.Ticker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which meta node the next heartbeat goes to, and when: the decisions of {@link MetaClient}
 * without its I/O, so they can be tested with a manual ticker.
 *
 * <ul>
 *   <li>An {@code OK} keeps the target; the next beat is one interval later.
 *   <li>A {@code NOT_LEADER} naming another node is followed <em>at once</em>, so a node moves to a
 *       new leader within a round trip of hearing of it. At most one redirect per configured
 *       address in a row, so two nodes naming each other cannot make a loop.
 *   <li>A redirect to an address that failed within the last {@link #quarantine} is not followed:
 *       after a leader dies, its followers keep naming it until their own election timer fires,
 *       and following them back to the dead node would cost a timeout each time.
 *   <li>Anything else (no leader known yet, an error status, no answer) moves to the next
 *       configured address (round robin) after a backoff: 50 ms
 *       for each address of the first round, then doubling per round, capped at the interval. An
 *       election therefore costs tens of milliseconds of retries, not an interval each.
 * </ul>
 *
 * <p>Not thread-safe: owned by the heartbeat thread.
 */
final class MetaTargets {

  static final long FIRST_RETRY_NANOS = Duration.ofMillis(50).toNanos();

  private final List<String> addresses;
  private final Ticker ticker;
  private final long intervalNanos;
  private final long quarantineNanos;
  private final Map<String, Long> failedAt = new HashMap<>();
  private String target;
  private int cursor;
  private int misses;
  private int redirectsInRow;

  MetaTargets(List<String> addresses, Ticker ticker, Duration interval) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no meta addresses");
    }
    this.addresses = List.copyOf(addresses);
    this.ticker = ticker;
    this.intervalNanos = interval.toNanos();
    this.quarantineNanos = quarantine(interval).toNanos();
    this.target = this.addresses.get(0);
    this.cursor = 1 % this.addresses.size();
  }

  /** How long a failed address is not followed to: the interval, at least 1 s. */
  static Duration quarantine(Duration interval) {
    return interval.compareTo(Duration.ofSeconds(1)) > 0 ? interval : Duration.ofSeconds(1);
  }

  String target() {
    return target;
  }

  /** Consecutive heartbeats without an OK. */
  int misses() {
    return misses;
  }

  /** The target answered OK; returns the delay before the next beat, in nanoseconds. */
  long ok() {
    misses = 0;
    redirectsInRow = 0;
    failedAt.remove(target);
    return intervalNanos;
  }

  /** The target does not lead and named {@code leader} (may be null); returns the delay. */
  long redirected(String leader) {
    if (leader == null || leader.equals(target) || recentlyFailed(leader)
        || redirectsInRow >= addresses.size()) {
      return noLeader();
    }
    redirectsInRow++;
    target = leader;
    return 0;
  }

  /** The target answered, but not with a leader to follow; returns the delay. */
  long noLeader() {
    misses++;
    rotate();
    return backoff();
  }

  /** The target did not answer (refused, timed out, unreadable); returns the delay. */
  long unreachable() {
    failedAt.put(target, ticker.nanoTime());
    return noLeader();
  }

  private boolean recentlyFailed(String address) {
    Long at = failedAt.get(address);
    return at != null && ticker.nanoTime() - at < quarantineNanos;
  }

  /**
   * The next configured address after the cursor, other than the target. Round robin, with no
   * skipping of failed addresses, so every address is tried in turn whatever the clock says.
   */
  private void rotate() {
    redirectsInRow = 0;
    int size = addresses.size();
    int index = cursor % size;
    if (size > 1 && addresses.get(index).equals(target)) {
      index = (index + 1) % size;
    }
    pick(index);
  }

  private void pick(int index) {
    target = addresses.get(index);
    cursor = (index + 1) % addresses.size();
  }

  private long backoff() {
    int round = (misses - 1) / addresses.size();
    long delay = FIRST_RETRY_NANOS << Math.min(round, 20);
    return Math.min(intervalNanos, delay);
  }
}
