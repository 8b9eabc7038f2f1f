package io.roster.meta.membership;

import io.roster.meta.raft.Member;
import io.roster.model.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The meta leader's in-memory leases. Heartbeats arrive every second from every node, far too
 * often for the raft log, so only their consequences (joins, restarts, evictions) are committed;
 * the renewals themselves live here and die with the leadership.
 *
 * <p>Because a new leader starts with an empty table, it cannot tell a dead member from one whose
 * first heartbeat has not reached it yet. For one lease period after {@link #startLeading} it
 * therefore keeps every committed member ({@link #desiredMembers}) and evicts no one.
 *
 * <p>Not thread-safe: owned by the membership thread. All time comes from the {@link Ticker}.
 */
final class LeaseTable {

  /** What a heartbeat meant. */
  enum Renewal { JOINED, RENEWED, RESTARTED }

  private record Lease(Member member, long renewedAt, long knownEpoch) {}

  private final long leaseNanos;
  private final Ticker ticker;
  private final Map<String, Lease> leases = new HashMap<>();
  private boolean leading;
  private long graceEndsAt;

  LeaseTable(Duration lease, Ticker ticker) {
    this.leaseNanos = lease.toNanos();
    this.ticker = ticker;
  }

  void startLeading() {
    leases.clear();
    leading = true;
    graceEndsAt = ticker.nanoTime() + leaseNanos;
  }

  void stopLeading() {
    leases.clear();
    leading = false;
  }

  /** True while a new leader still keeps members it has not heard from. */
  boolean inGrace() {
    return leading && ticker.nanoTime() - graceEndsAt < 0;
  }

  Renewal renew(Member member, long knownEpoch) {
    Lease previous = leases.put(member.address(),
        new Lease(member, ticker.nanoTime(), knownEpoch));
    if (previous == null) {
      return Renewal.JOINED;
    }
    return previous.member().equals(member) ? Renewal.RENEWED : Renewal.RESTARTED;
  }

  /** Removes and returns the members whose lease ran out; none during the grace period. */
  List<Member> expire() {
    List<Member> evicted = new ArrayList<>();
    if (inGrace()) {
      return evicted;
    }
    long now = ticker.nanoTime();
    for (Iterator<Lease> it = leases.values().iterator(); it.hasNext(); ) {
      Lease lease = it.next();
      if (now - lease.renewedAt() >= leaseNanos) {
        evicted.add(lease.member());
        it.remove();
      }
    }
    evicted.sort(Comparator.comparing(Member::address));
    return evicted;
  }

  boolean isLive(String address) {
    return leases.containsKey(address);
  }

  /** Members holding a lease, sorted by address. */
  List<Member> live() {
    List<Member> members = new ArrayList<>();
    leases.values().forEach(l -> members.add(l.member()));
    members.sort(Comparator.comparing(Member::address));
    return members;
  }

  /**
   * The member list meta should commit: everyone holding a lease and, during the grace period,
   * every committed member not heard from yet. Sorted by address.
   */
  List<Member> desiredMembers(Collection<Member> committed) {
    List<Member> members = live();
    if (inGrace()) {
      for (Member member : committed) {
        if (!leases.containsKey(member.address())) {
          members.add(member);
        }
      }
      members.sort(Comparator.comparing(Member::address));
    }
    return members;
  }

  /** True when each address holds a lease whose last heartbeat reported at least {@code epoch}. */
  boolean allAcknowledged(Collection<String> addresses, long epoch) {
    for (String address : addresses) {
      Lease lease = leases.get(address);
      if (lease == null || lease.knownEpoch() < epoch) {
        return false;
      }
    }
    return true;
  }
}
