package io.roster.data.slot;

import io.roster.data.store.Change;
import io.roster.data.store.DatumStore;
import io.roster.model.Ticker;
import io.roster.protocol.Status;
import io.roster.protocol.data.DatumDelta;
import io.roster.protocol.data.PublisherWrite;
import io.roster.protocol.data.ReplicaAppend;
import io.roster.protocol.data.ReplicaDigest;
import io.roster.protocol.data.ReplicaDigestQuery;
import io.roster.protocol.data.ReplicaReply;
import io.roster.protocol.data.SlotSync;
import io.roster.protocol.data.WriteBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * One slot at this data node: its role, the leader epoch it serves under, its datums, and the
 * progress of a takeover. Owned by one thread (see docs/CONCURRENCY.md); not thread-safe.
 *
 * <p>Life cycle, driven by the slot tables this node adopts ({@link SlotMap}):
 * <pre>
 *   NONE ──leader──▶ SYNCING ──every live session done, or deadline──▶ LEADER
 *     ▲  ──follower─▶ FOLLOWER ──leader──▶ SYNCING
 *     └── not in the table any more: datums dropped
 * </pre>
 * A takeover starts from whatever replica this node holds. Each session then sends its full set of
 * publishers for the slot; the last part deletes what that session no longer has. When the slot
 * becomes leader, publishers owned by sessions that never finished are dropped (an entry no
 * session claims is gone), every datum is raised above the versions sessions reported, and the
 * datums that changed are returned to be announced.
 */
public final class DataSlot {

  final int id;
  private final Ticker ticker;
  private final long tombstoneTtlNanos;
  private final long checkNanos;
  /** Datums a periodic comparison found different at a follower, and repaired; see {@link ReplicaStream}. */
  private long repairedDatums;
  /** Leader: when the sessions' publishers here are next compared with theirs (anti-entropy). */
  private long nextOwnerCheckNanos = Long.MAX_VALUE;
  private SlotRole role = SlotRole.NONE;
  private long leaderEpoch;
  private DatumStore store;
  private TakeoverSync takeover;
  /** {@code address#incarnation} → the sync series that session is sending (any role). */
  private final Map<String, SyncSeries> series = new HashMap<>();
  /** Sessions ({@code address#incarnation}) that sent a full sync under this leader epoch. */
  private final Set<String> synced = new HashSet<>();
  private final Set<String> syncedAddresses = new HashSet<>();
  /** Leader side of replication; follower side is {@link #caughtUp} and friends. */
  private final ReplicaStream stream = new ReplicaStream();
  /** Follower: whether this replica matches the leader up to {@link #appliedSeq}. */
  private boolean caughtUp;
  private long appliedSeq = -1;
  /** Follower: the catch-up part expected next, or -1 when no catch-up is under way. */
  private int catchUpNextPart = -1;

  DataSlot(int id, Ticker ticker, long tombstoneTtlNanos, long checkNanos) {
    this.id = id;
    this.ticker = ticker;
    this.tombstoneTtlNanos = tombstoneTtlNanos;
    this.checkNanos = checkNanos;
  }

  public int id() {
    return id;
  }

  public SlotRole role() {
    return role;
  }

  public long leaderEpoch() {
    return leaderEpoch;
  }

  /** The datums held here; null when this node holds no replica of the slot. */
  public DatumStore store() {
    return store;
  }

  public boolean serves() {
    return role == SlotRole.LEADER || role == SlotRole.SYNCING;
  }

  /** Whether normal writes of that session may be applied: always once the slot leads. */
  boolean acceptsWritesOf(String session) {
    return role == SlotRole.LEADER || (role == SlotRole.SYNCING && synced.contains(session));
  }

  /** Whether that session has sent its full set under the current leader epoch. */
  boolean hasSynced(String session) {
    return synced.contains(session);
  }

  /** Whether every one of {@code sessions} has sent its full set. */
  boolean allSynced(Set<String> sessions) {
    return synced.containsAll(sessions);
  }

  TakeoverSync takeover() {
    return takeover;
  }

  /** Follows the leader that took the slot at {@code epoch}; lags until that leader catches it up. */
  void becomeFollower(long epoch) {
    role = SlotRole.FOLLOWER;
    leaderEpoch = epoch;
    takeover = null;
    clearSyncs();
    ensureStore();
    store.recordDeltas(false);
    caughtUp = false;
    appliedSeq = -1;
    catchUpNextPart = -1;
  }

  void startTakeover(long epoch, long syncTimeoutNanos) {
    role = SlotRole.SYNCING;
    leaderEpoch = epoch;
    caughtUp = false;
    long now = ticker.nanoTime();
    takeover = new TakeoverSync(now, now + syncTimeoutNanos);
    clearSyncs();
    ensureStore();
    store.recordDeltas(false);
  }

  /** The followers the table names for this slot, while it leads or takes over here. */
  void setFollowers(List<String> followers) {
    stream.setFollowers(followers);
    if (role == SlotRole.LEADER) {
      store.recordDeltas(!followers.isEmpty()); // with no follower (one replica) nothing is recorded
    }
  }

  void drop() {
    role = SlotRole.NONE;
    leaderEpoch = 0;
    store = null;
    takeover = null;
    clearSyncs();
    caughtUp = false;
    appliedSeq = -1;
    catchUpNextPart = -1;
  }

  /**
   * That session must send its full set again before it counts as synced here; a series it is
   * sending now is refused from its next part on (it may predate a drop of its publishers).
   */
  void forgetSync(String session) {
    synced.remove(session);
    series.remove(session);
  }

  private void clearSyncs() {
    series.clear();
    synced.clear();
    syncedAddresses.clear();
  }

  /** Normal writes of one session; while syncing, their changes are announced at the end. */
  public List<Change> apply(String sessionAddress, long incarnation, List<PublisherWrite> writes) {
    List<Change> changes = store.apply(sessionAddress, incarnation, writes);
    return held(changes);
  }

  /** Drops a session incarnation whose lease meta ended. */
  public List<Change> dropSession(String sessionAddress, long incarnation) {
    return store == null ? List.of() : held(store.dropSession(sessionAddress, incarnation));
  }

  /**
   * Applies one part of a session's sync. Returns the changes to announce now (none while
   * syncing), or null when the part is out of order and the session must start again. The last
   * part deletes only what this session incarnation owned and no part named.
   */
  List<Change> applySync(SlotSync sync, String session) {
    WriteBatch batch = sync.publishers();
    SyncSeries progress = sync.part() == 0 ? new SyncSeries() : series.get(session);
    if (progress == null || progress.nextPart != sync.part()) {
      series.remove(session);
      return null;
    }
    series.put(session, progress);
    List<PublisherWrite> puts = new ArrayList<>(batch.size());
    for (PublisherWrite w : batch.writes()) {
      if (w.kind() == PublisherWrite.Kind.PUT) {
        puts.add(w);
        progress.claimed.add(w.registId());
      }
    }
    Map<String, Change> changes = new LinkedHashMap<>();
    store.apply(batch.sessionAddress(), batch.sessionIncarnation(), puts).forEach(c -> changes.put(c.dataInfoId(), c));
    Map<String, Long> seen = new HashMap<>();
    for (int i = 0; i < sync.knownIds().size(); i++) {
      seen.merge(sync.knownIds().get(i), sync.knownVersions().get(i), Math::max);
    }
    progress.nextPart++;
    if (sync.last()) {
      series.remove(session);
      store.dropUnclaimed(batch.sessionAddress(), batch.sessionIncarnation(), progress.claimed).forEach(c -> changes.put(c.dataInfoId(), c));
      synced.add(session);
      syncedAddresses.add(batch.sessionAddress());
    }
    if (takeover != null) {
      seen.forEach(takeover::saw);
      return held(new ArrayList<>(changes.values()));
    }
    // A repair while leading: a version a session saw above ours means ours went backwards.
    store.raiseAbove(seen).forEach(c -> changes.put(c.dataInfoId(), c));
    return new ArrayList<>(changes.values());
  }

  /**
   * Ends the takeover: publishers of sessions that did not finish are dropped, versions are
   * raised above every one reported, and the slot serves. Returns every datum to announce.
   */
  List<Change> finishTakeover(Predicate<String> spared) {
    TakeoverSync sync = takeover;
    takeover = null;
    role = SlotRole.LEADER;
    store.recordDeltas(!stream.links().isEmpty());
    stream.restartAll(ticker.nanoTime());
    nextOwnerCheckNanos = ticker.nanoTime() + ThreadLocalRandom.current().nextLong(checkNanos);
    Set<String> announce = new HashSet<>(sync.changed);
    store.dropOwnersExcept(syncedAddresses::contains, spared).forEach(c -> announce.add(c.dataInfoId()));
    store.raiseAbove(sync.seenVersions).forEach(c -> announce.add(c.dataInfoId()));
    List<Change> changes = new ArrayList<>(announce.size());
    for (String dataInfoId : announce) {
      changes.add(new Change(dataInfoId, store.version(dataInfoId)));
    }
    return changes;
  }

  /** Only a leader announces: a follower's or a syncing slot's changes are not served yet. */
  private List<Change> held(List<Change> changes) {
    if (takeover != null) {
      changes.forEach(c -> takeover.changed.add(c.dataInfoId()));
      return List.of();
    }
    return role == SlotRole.LEADER ? changes : List.of();
  }

  // ---- replication, leader side ----

  /**
   * The next step of the stream, or null when this slot does not lead or nothing changed since the
   * last step. Call after every operation on the slot, so steps follow the order of changes.
   */
  public ReplicaAppend nextAppend() {
    if (role != SlotRole.LEADER) {
      return null;
    }
    List<DatumDelta> deltas = store.drainDeltas();
    if (deltas.isEmpty()) {
      return null;
    }
    long seq = stream.nextSeq();
    // Nobody streams (all being caught up): the step is numbered but not packed; catch-ups cover it.
    return stream.anyStreaming() ? ReplicaAppend.stream(id, leaderEpoch, seq, deltas) : null;
  }

  /** The step {@code append} for every follower that streams; one that has too many unanswered restarts. */
  public List<ReplicaSend> sendsOf(ReplicaAppend append) {
    List<ReplicaSend> sends = new ArrayList<>();
    for (ReplicaStream.Link link : stream.links()) {
      if (link.state != ReplicaStream.State.STREAMING) {
        continue;
      }
      if (link.inFlight >= ReplicaStream.MAX_IN_FLIGHT) {
        link.restart(ticker.nanoTime());
        continue;
      }
      link.inFlight++;
      sends.add(new ReplicaSend(id, link.address, link.generation, append));
    }
    return sends;
  }

  /** A follower answered a step or a catch-up part; {@code reply} null when the send failed. */
  public void replicaAnswered(String follower, long generation, ReplicaReply reply) {
    ReplicaStream.Link link = stream.link(follower);
    if (link == null || link.generation != generation || role != SlotRole.LEADER) {
      return;
    }
    link.inFlight--;
    if (reply == null || reply.status() != Status.OK) {
      link.restart(ticker.nanoTime() + ReplicaStream.RETRY_NANOS);
    }
  }

  /** Digest queries for the followers due a catch-up. */
  List<ReplicaSend> digestQueriesDue() {
    if (role != SlotRole.LEADER) {
      return List.of();
    }
    List<ReplicaSend> sends = new ArrayList<>();
    long now = ticker.nanoTime();
    for (ReplicaStream.Link link : stream.links()) {
      boolean checkDue = link.state == ReplicaStream.State.STREAMING && now - link.nextCheckNanos >= 0;
      if (checkDue || (link.state == ReplicaStream.State.NEEDS_CATCH_UP && now - link.retryAtNanos >= 0)) {
        link.checking = checkDue;
        link.state = ReplicaStream.State.AWAITING_DIGEST;
        sends.add(new ReplicaSend(id, link.address, link.generation, new ReplicaDigestQuery(id, leaderEpoch)));
      }
    }
    return sends;
  }

  /**
   * A follower's digest arrived ({@code digest} null when the query failed): answers with the
   * catch-up parts that make it match this replica at the current step, after which it streams.
   */
  public List<ReplicaSend> digestAnswered(String follower, long generation, ReplicaDigest digest, int maxPartBytes) {
    ReplicaStream.Link link = stream.link(follower);
    if (link == null || link.generation != generation || role != SlotRole.LEADER
        || link.state != ReplicaStream.State.AWAITING_DIGEST) {
      return List.of();
    }
    Map<String, long[]> theirs;
    try {
      theirs = digest == null || digest.status() != Status.OK ? null : digest.datums();
    } catch (IllegalArgumentException corrupt) {
      theirs = null;
    }
    if (theirs == null) {
      link.restart(ticker.nanoTime() + ReplicaStream.RETRY_NANOS);
      return List.of();
    }
    List<DatumDelta> difference = store.differenceFrom(theirs, CatchUpParts.ENTRIES_PER_DELTA);
    if (link.checking) {
      repairedDatums += difference.stream().map(DatumDelta::dataInfoId).distinct().count();
      link.checking = false;
    }
    List<ReplicaAppend> parts = CatchUpParts.of(id, leaderEpoch, stream.seq(), difference, maxPartBytes);
    long now = ticker.nanoTime();
    link.nextCheckNanos = now + checkNanos / 2 + ThreadLocalRandom.current().nextLong(checkNanos);
    link.state = ReplicaStream.State.STREAMING;
    link.inFlight += parts.size();
    List<ReplicaSend> sends = new ArrayList<>(parts.size());
    parts.forEach(part -> sends.add(new ReplicaSend(id, follower, generation, part)));
    return sends;
  }

  /**
   * When this slot leads and its session check is due: the check (and the next one is scheduled,
   * about one check interval on); otherwise null.
   */
  OwnerCheck ownerCheckIfDue() {
    long now = ticker.nanoTime();
    if (role != SlotRole.LEADER || now - nextOwnerCheckNanos < 0) {
      return null;
    }
    nextOwnerCheckNanos = now + checkNanos / 2 + ThreadLocalRandom.current().nextLong(checkNanos);
    return new OwnerCheck(id, leaderEpoch, Set.copyOf(synced), store.ownerDigests());
  }

  /**
   * What one slot leader holds of each session's publishers in the slot, for the sessions that
   * synced it under its leader epoch (only their sets are comparable).
   */
  public record OwnerCheck(int slot, long leaderEpoch, Set<String> syncedSessions, Map<String, long[]> byOwner) {}

  /** Datums that periodic comparisons found different at a follower of this slot, since start. */
  public long repairedDatums() {
    return repairedDatums;
  }

  /** Followers of this slot that are not streaming, by address: what its status reports as behind. */
  List<String> followersBehind() {
    List<String> behind = new ArrayList<>();
    stream.links().forEach(link -> {
      if (link.state != ReplicaStream.State.STREAMING) {
        behind.add(link.address);
      }
    });
    return behind;
  }

  // ---- replication, follower side ----

  /** Applies one step or catch-up part from the leader, if this replica is in a state to. */
  ReplicaReply acceptReplica(ReplicaAppend append) {
    Status status = role != SlotRole.FOLLOWER ? Status.NOT_LEADER
        : append.leaderEpoch() != leaderEpoch ? Status.EPOCH_MISMATCH : Status.OK;
    if (status != Status.OK) {
      return new ReplicaReply(status, appliedSeq, "slot " + id + " is " + role + " at leader epoch " + leaderEpoch);
    }
    if (append.kind() == ReplicaAppend.Kind.CATCH_UP) {
      if (append.part() == 0) {
        caughtUp = false;
        catchUpNextPart = 0;
      }
      if (append.part() != catchUpNextPart) {
        catchUpNextPart = -1;
        return new ReplicaReply(Status.NOT_READY, appliedSeq, "catch-up part " + append.part() + " out of order");
      }
      store.applyReplica(append.deltas());
      catchUpNextPart++;
      if (append.last()) {
        catchUpNextPart = -1;
        appliedSeq = append.seq();
        caughtUp = true;
      }
      return new ReplicaReply(Status.OK, appliedSeq, null);
    }
    if (!caughtUp || append.seq() != appliedSeq + 1) {
      caughtUp = false;
      return new ReplicaReply(Status.NOT_READY, appliedSeq, "step " + append.seq() + " after " + appliedSeq);
    }
    store.applyReplica(append.deltas());
    appliedSeq = append.seq();
    return new ReplicaReply(Status.OK, appliedSeq, null);
  }

  /** This replica's digest, for the leader named by {@code query}'s epoch. */
  ReplicaDigest digestFor(ReplicaDigestQuery query) {
    if (role != SlotRole.FOLLOWER) {
      return ReplicaDigest.refused(Status.NOT_LEADER, leaderEpoch);
    }
    if (query.leaderEpoch() != leaderEpoch) {
      return ReplicaDigest.refused(Status.EPOCH_MISMATCH, leaderEpoch);
    }
    return new ReplicaDigest(Status.OK, leaderEpoch, store.digest());
  }

  /** A follower that does not yet hold what its leader holds. */
  boolean lagging() {
    return role == SlotRole.FOLLOWER && !caughtUp;
  }

  private void ensureStore() {
    if (store == null) {
      store = new DatumStore(ticker, tombstoneTtlNanos);
    }
  }

  /** The registIds one session's sync named so far, and the part expected next. */
  private static final class SyncSeries {
    final Set<String> claimed = new HashSet<>();
    int nextPart;
  }
}
