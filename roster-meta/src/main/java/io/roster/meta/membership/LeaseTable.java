package io.roster.meta.membership;

import io.roster.meta.raft.Member;
import io.roster.protocol.NodeRole;
import io.roster.model.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The meta leader's in-memory leases. Heartbeats arrive every second from every node, far too
 * often for the raft log, so only their consequences (joins, restarts, evictions) are committed;
 * the renewals themselves live here and die with the leadership.
 *
 * <p>Sessions and data nodes have leases of their own length. A data node's lease also ends
 * early, {@link #DROPPED_CONNECTION_GRACE} after the connection its heartbeats came on closed,
 * unless a heartbeat arrives meanwhile: a killed process's socket closes at once, a frozen one's
 * does not, so a killed data node's slots move within about a second and a frozen one's within
 * its lease.
 *
 * <p>A member that says it is leaving ({@link #leave}) loses its lease at once and is remembered,
 * so that neither a late heartbeat of the same incarnation nor a new leader's grace keeps it.
 *
 * <p>Because a new leader starts with an empty table, it cannot tell a dead member from one whose
 * first heartbeat has not reached it yet. For one lease period (of each role) after
 * {@link #startLeading} it therefore keeps every committed member ({@link #desiredMembers}) and
 * evicts no one of that role.
 *
 * <p>Not thread-safe: owned by the membership thread. All time comes from the {@link Ticker}.
 */
final class LeaseTable {

  /**
   * What a heartbeat meant. {@code RETURNED}: an older incarnation than the one held heartbeats
   * for the address again, so another incarnation's heartbeat came in between (forged, or a late
   * one of a newer process). The address goes to whoever heartbeats, as for a restart: refusing
   * older incarnations would let one forged heartbeat with a huge incarnation lock the real
   * session out for good. Data nodes resync an incarnation listed again (see DataService).
   */
  enum Renewal { JOINED, RENEWED, RESTARTED, RETURNED, LEFT }

  static final Duration DROPPED_CONNECTION_GRACE = Duration.ofSeconds(1);

  /**
   * {@code expiresAt} is when it ends unless renewed; {@code connection} what it came on, null
   * once that connection closed (such a lease ends even in a new leader's grace: the member was
   * heard by this leader, and then its process went away).
   */
  private record Lease(Member member, long expiresAt, long knownEpoch, List<Integer> laggingSlots,
      String connection) {
    boolean connectionClosed() {
      return connection == null;
    }
  }

  private final long sessionLeaseNanos;
  private final long dataLeaseNanos;
  private final Ticker ticker;
  private final Map<String, Lease> leases = new HashMap<>();
  /** Members (exact incarnations) that left during this leadership. */
  private final Set<Member> left = new HashSet<>();
  private boolean leading;
  private long leadingSince;

  LeaseTable(Duration sessionLease, Duration dataLease, Ticker ticker) {
    this.sessionLeaseNanos = sessionLease.toNanos();
    this.dataLeaseNanos = dataLease.toNanos();
    this.ticker = ticker;
  }

  long leaseNanos(NodeRole role) {
    return role == NodeRole.DATA ? dataLeaseNanos : sessionLeaseNanos;
  }

  void startLeading() {
    leases.clear();
    left.clear();
    leading = true;
    leadingSince = ticker.nanoTime();
  }

  void stopLeading() {
    leases.clear();
    left.clear();
    leading = false;
  }

  /** True while a new leader still keeps members of that role it has not heard from. */
  boolean inGrace(NodeRole role) {
    return leading && ticker.nanoTime() - (leadingSince + leaseNanos(role)) < 0;
  }

  Renewal renew(Member member, long knownEpoch, String connection) {
    return renew(member, knownEpoch, List.of(), connection);
  }

  /** @param laggingSlots slots the (data) member follows but has not caught up with yet */
  Renewal renew(Member member, long knownEpoch, List<Integer> laggingSlots, String connection) {
    if (left.contains(member)) {
      return Renewal.LEFT;
    }
    Lease previous = leases.put(member.address(), new Lease(member,
        ticker.nanoTime() + leaseNanos(member.role()), knownEpoch, List.copyOf(laggingSlots), connection));
    if (previous == null) {
      return Renewal.JOINED;
    }
    if (previous.member().equals(member)) {
      return Renewal.RENEWED;
    }
    return member.incarnation() < previous.member().incarnation() ? Renewal.RETURNED : Renewal.RESTARTED;
  }

  /**
   * The connection closed: a data node whose heartbeats came on it loses its lease after the
   * grace, unless it heartbeats again meanwhile. Returns the member affected, or null.
   */
  Member connectionClosed(String connection) {
    long cutoff = ticker.nanoTime() + Math.min(dataLeaseNanos, DROPPED_CONNECTION_GRACE.toNanos());
    for (Map.Entry<String, Lease> e : leases.entrySet()) {
      Lease lease = e.getValue();
      if (lease.member().role() == NodeRole.DATA && connection.equals(lease.connection())
          && lease.expiresAt() - cutoff > 0) {
        e.setValue(new Lease(lease.member(), cutoff, lease.knownEpoch(), lease.laggingSlots(), null));
        return lease.member();
      }
    }
    return null;
  }

  /** The member stops: its lease ends now, and this incarnation gets no new one. */
  void leave(Member member) {
    left.add(member);
    Lease lease = leases.get(member.address());
    if (lease != null && lease.member().equals(member)) {
      leases.remove(member.address());
    }
  }

  /** Removes and returns the members whose lease ran out; none of a role in its grace period. */
  List<Member> expire() {
    List<Member> evicted = new ArrayList<>();
    long now = ticker.nanoTime();
    for (Iterator<Lease> it = leases.values().iterator(); it.hasNext(); ) {
      Lease lease = it.next();
      boolean graced = inGrace(lease.member().role()) && !lease.connectionClosed();
      if (!graced && now - lease.expiresAt() >= 0) {
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

  /** Every lease with the time it has left, sorted by address. */
  List<LeaseView> views() {
    long now = ticker.nanoTime();
    List<LeaseView> views = new ArrayList<>();
    leases.values().forEach(l -> views.add(new LeaseView(l.member(),
        Math.max(0, TimeUnit.NANOSECONDS.toMillis(l.expiresAt() - now)), l.laggingSlots())));
    views.sort(Comparator.comparing((LeaseView v) -> v.member().address()));
    return views;
  }

  /**
   * The member list meta should commit: everyone holding a lease and, during the grace period,
   * every committed member not heard from yet. Sorted by address.
   */
  List<Member> desiredMembers(Collection<Member> committed) {
    List<Member> members = live();
    for (Member member : committed) {
      if (inGrace(member.role()) && !leases.containsKey(member.address()) && !left.contains(member)) {
        members.add(member);
      }
    }
    members.sort(Comparator.comparing(Member::address));
    return members;
  }

  /**
   * True when each address holds a lease whose last heartbeat reported at least {@code epoch}, and
   * no slot it follows lagging its leader: only then may a follower be promoted by a rebalance.
   */
  boolean allAcknowledged(Collection<String> addresses, long epoch) {
    for (String address : addresses) {
      Lease lease = leases.get(address);
      if (lease == null || lease.knownEpoch() < epoch || !lease.laggingSlots().isEmpty()) {
        return false;
      }
    }
    return true;
  }
}
