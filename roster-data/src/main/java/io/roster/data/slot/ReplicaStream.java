package io.roster.data.slot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leader side of one slot's replication: the step number of the stream, and where each
 * follower stands. Owned by the thread that owns the slot.
 *
 * <p>A follower link goes
 * <pre>
 *   NEEDS_CATCH_UP ──digest asked──▶ AWAITING_DIGEST ──difference sent──▶ STREAMING
 *        ▲                                   │                                │
 *        └──── refused, failed, timed out, or too many steps unanswered ──────┘
 * </pre>
 * Every return to {@code NEEDS_CATCH_UP} bumps the link's generation, so answers to messages sent
 * before it are recognised as stale and ignored. Steps are sent without waiting for answers (the
 * link keeps them in order), but at most {@link #MAX_IN_FLIGHT} unanswered: a follower that falls
 * that far behind is caught up again from a digest rather than buffered for without bound.
 *
 * <p>A streaming link is also compared now and then, on average once per check interval (jittered,
 * so 256 slots do not all compare at once): the same digest and difference as a catch-up, while
 * the stream pauses for that follower. A difference found then is a repair, counted and logged:
 * it means a step was lost or misapplied without either side noticing.
 */
final class ReplicaStream {

  static final int MAX_IN_FLIGHT = 1024;
  static final long RETRY_NANOS = 200_000_000L;

  enum State { NEEDS_CATCH_UP, AWAITING_DIGEST, STREAMING }

  /** One follower of the slot, as its leader tracks it. */
  static final class Link {
    final String address;
    State state = State.NEEDS_CATCH_UP;
    long generation;
    int inFlight;
    long retryAtNanos;
    /** When a streaming follower is next compared with this replica (anti-entropy). */
    long nextCheckNanos;
    /** The catch-up under way is such a comparison, not a known gap: what it sends is a repair. */
    boolean checking;

    Link(String address) {
      this.address = address;
    }

    void restart(long retryAtNanos) {
      state = State.NEEDS_CATCH_UP;
      generation++;
      inFlight = 0;
      checking = false;
      this.retryAtNanos = retryAtNanos;
    }
  }

  private long seq;
  private final Map<String, Link> links = new LinkedHashMap<>();

  long seq() {
    return seq;
  }

  long nextSeq() {
    return ++seq;
  }

  /** Keeps the links of followers still named, starts new ones at NEEDS_CATCH_UP, drops the rest. */
  void setFollowers(List<String> followers) {
    links.keySet().retainAll(followers);
    followers.forEach(f -> links.computeIfAbsent(f, Link::new));
  }

  /** Every follower must be caught up again, at once (a new leadership, or a finished takeover). */
  void restartAll(long nowNanos) {
    links.values().forEach(link -> link.restart(nowNanos));
  }

  boolean anyStreaming() {
    return links.values().stream().anyMatch(link -> link.state == State.STREAMING);
  }

  Link link(String address) {
    return links.get(address);
  }

  List<Link> links() {
    return new ArrayList<>(links.values());
  }
}
