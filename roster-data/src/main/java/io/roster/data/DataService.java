package io.roster.data;

import io.roster.data.notify.ChangeNotifier;
import io.roster.data.slot.DataSlot;
import io.roster.data.slot.SlotMap;
import io.roster.data.slot.SlotRole;
import io.roster.data.store.Change;
import io.roster.model.Ticker;
import io.roster.protocol.Status;
import io.roster.protocol.data.DatumQuery;
import io.roster.protocol.data.DatumReply;
import io.roster.protocol.data.OwnerDigests;
import io.roster.protocol.data.PublisherWrite;
import io.roster.protocol.data.ReplicaAppend;
import io.roster.protocol.data.ReplicaDigest;
import io.roster.protocol.data.ReplicaDigestQuery;
import io.roster.protocol.data.ReplicaReply;
import io.roster.protocol.data.SlotSync;
import io.roster.protocol.data.SyncRequest;
import io.roster.protocol.data.WriteBatch;
import io.roster.protocol.data.WriteReply;
import io.roster.protocol.meta.HeartbeatReply;
import io.roster.protocol.meta.NodeInfo;
import io.roster.remoting.Peer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a data node does for the slots of one store thread: fence, apply, take slots over,
 * notify. Everything here runs on that one thread, so its slots, their stores and its notifier
 * need no locks; the node runs one of these per store thread ({@link DataShard}).
 *
 * <p>Takeover: a slot this node starts to lead answers {@code NOT_READY} until every session meta
 * lists has sent its full publisher set for the slot (see {@link DataSlot}), or the sync deadline
 * passed. Sessions are asked with a {@link SyncRequest} at once and again on every tick; a session
 * that connects later is asked too, so every session syncs each slot once per leader epoch.
 *
 * <p>Self-fencing: a node that has not heard from the meta leader for its lease minus a margin
 * stops serving (answers {@code NOT_READY}) until it hears again, so a paused or partitioned node
 * cannot go on as a zombie leader after meta moved its slots.
 *
 * <p>Lease drops: a session's publishers are dropped only after meta stops listing that session
 * incarnation, and only if this node saw it listed before (a brand-new session may write before
 * this node's next heartbeat shows it). A session that meta lists again under a new incarnation
 * (it restarted) keeps its old incarnation's publishers for {@link #RESTARTED_SESSION_GRACE}: its
 * clients are alive and re-registering, and dropping at once would push them missing.
 *
 * <p>Meta can stop listing an incarnation that is alive: its lease lapsed while it and its clients
 * were fine (a long GC pause, a network blip between it and meta), or a heartbeat with another
 * incarnation for its address (a forged one) made meta take it for restarted. What each side
 * believes then:
 * <pre>
 *   meta                      this node                         the session
 *   evicted S#1               drops S#1's publishers            still S#1, holds every publisher
 *   lists S#2 (forged)        keeps S#1's for the grace, then   still S#1; its next heartbeat
 *                             drops them                        makes meta list S#1 again
 *   lists S#1 again           S#1 is "relisted" (below)         unchanged: it never knew
 * </pre>
 * Meta takes whichever incarnation heartbeats last (the real session must be able to win back
 * its address from a forged newer one), so the session keeps its incarnation and need not learn
 * anything. It is this node, which knows what it dropped and when, that makes it good again: an
 * incarnation it saw listed, then not, then listed again ({@link #unlisted}) ends its grace
 * without a drop and owes every slot served here its full set again ({@link SlotMap#relisted}),
 * so the very next {@code SyncRequest} brings back whatever was dropped, and nothing the session
 * no longer holds survives. Asking from here, after the drop, means no sync can land before a drop
 * it was meant to repair.
 */
final class DataService {

  private static final Logger LOG = LoggerFactory.getLogger(DataService.class);
  static final Duration RESTARTED_SESSION_GRACE = Duration.ofSeconds(10);
  /** Unlisted incarnations remembered; every restart leaves one, so the oldest are forgotten. */
  private static final int MAX_UNLISTED = 1024;

  private final String self;
  private final SlotMap slots;
  private final ChangeNotifier notifier;
  private final DataMetrics metrics;
  private final Ticker ticker;
  private final Set<String> sessionsSeenLive = new HashSet<>();
  /** Session incarnations meta listed, then stopped listing, oldest first. */
  private final Set<String> unlisted = new LinkedHashSet<>();
  private Set<String> liveSessions = Set.of();
  private long lastMetaContactNanos;
  private long fenceAfterNanos = Long.MAX_VALUE;
  private final Replicator replicator;

  DataService(String self, SlotMap slots, ChangeNotifier notifier, DataMetrics metrics, Ticker ticker,
      Replicator replicator) {
    this.self = self;
    this.slots = slots;
    this.notifier = notifier;
    this.metrics = metrics;
    this.ticker = ticker;
    this.replicator = replicator;
  }

  /**
   * The writes of {@code batch} that fall in this thread's slots, by slot ({@code bySlot}, decoded
   * and grouped by the caller; slot -1 when it had no table). A refused slot refuses all of them
   * before any is applied; the session sends the whole batch again, and what another store thread
   * applied meanwhile is applied again as a no-op.
   */
  WriteReply write(WriteBatch batch, Map<Integer, List<PublisherWrite>> bySlot) {
    String session = owner(batch.sessionAddress(), batch.sessionIncarnation());
    int writeCount = 0;
    for (Map.Entry<Integer, List<PublisherWrite>> e : bySlot.entrySet()) {
      int slot = e.getKey();
      Status status = fenced() ? Status.NOT_READY
          : slots.checkWrite(slot, batch.slotEpoch(slot), session);
      if (status != Status.OK) {
        metrics.refusedBatches.labelValues(status.name()).inc();
        long epoch = slot >= 0 && slot < slots.table().slotCount() ? slots.slot(slot).leaderEpoch() : 0;
        return new WriteReply(status, epoch, "slot " + slot + ": " + e.getValue().get(0).dataInfoId());
      }
      writeCount += e.getValue().size();
    }
    List<Change> changes = new ArrayList<>();
    List<DataSlot> touched = new ArrayList<>(bySlot.size());
    bySlot.forEach((slot, slotWrites) -> {
      DataSlot target = slots.slot(slot);
      changes.addAll(target.apply(batch.sessionAddress(), batch.sessionIncarnation(), slotWrites));
      touched.add(target);
    });
    replicator.replicate(touched);
    announce(changes);
    metrics.writes.inc(writeCount);
    return new WriteReply(Status.OK, slots.table().epoch(), null);
  }

  /** A session fetching a datum watches it from now on: its changes come with the notices. */
  DatumReply read(DatumQuery query, Peer from) {
    int slot = slots.hasTable() ? slots.slotOf(query.dataInfoId()) : -1;
    Status status = fenced() ? Status.NOT_READY : slots.checkRead(slot, query.slotEpoch());
    if (status != Status.OK) {
      return DatumReply.failed(status, query.dataInfoId());
    }
    notifier.watch(from, query.dataInfoId());
    return slots.slot(slot).store().read(query.dataInfoId());
  }

  /** One part of a session's full publisher set for one slot. */
  WriteReply sync(SlotSync sync) {
    try {
      sync.validate();
      sync.publishers().writes();
    } catch (IllegalArgumentException corrupt) {
      LOG.warn("refused an unreadable slot sync: {}", corrupt.getMessage());
      return new WriteReply(Status.BAD_REQUEST, slots.table().epoch(), corrupt.getMessage());
    }
    Status status = fenced() ? Status.NOT_READY : slots.checkSync(sync);
    if (status != Status.OK) {
      return new WriteReply(status, slots.table().epoch(), "slot " + sync.slot());
    }
    String session = owner(sync.publishers().sessionAddress(), sync.publishers().sessionIncarnation());
    List<Change> changes = slots.applySync(sync, session);
    if (changes == null) {
      return new WriteReply(Status.BAD_REQUEST, slots.table().epoch(),
          "part " + sync.part() + " of slot " + sync.slot() + " out of order; start again");
    }
    metrics.syncParts.inc();
    if (!changes.isEmpty()) {
      metrics.repairs.inc(changes.size());
      LOG.info("sync from {} repaired {} datums of slot {}", session, changes.size(), sync.slot());
    }
    replicator.replicate(List.of(slots.slot(sync.slot())));
    announce(changes);
    if (sync.last()) {
      finishTakeovers();
    }
    return new WriteReply(Status.OK, slots.table().epoch(), null);
  }

  /**
   * A heartbeat reply. {@code sentNanos} is when its heartbeat left: meta renewed the lease no
   * earlier than that, so fencing counts from it and always starts before meta's lease runs out.
   */
  void onMetaReply(HeartbeatReply reply, long sentNanos) {
    List<DataSlot> takeovers = slots.adopt(reply.slotTable());
    if (takeovers != null) {
      LOG.info("adopted slot table epoch {}: leading {}, taking over {}, following {}",
          slots.table().epoch(), slots.count(SlotRole.LEADER), takeovers.size(), slots.count(SlotRole.FOLLOWER));
      notifier.retainWatches(slots::leads);
    }
    lastMetaContactNanos = sentNanos;
    long lease = TimeUnit.MILLISECONDS.toNanos(reply.leaseMillis());
    fenceAfterNanos = lease <= 0 ? Long.MAX_VALUE : lease - Math.min(TimeUnit.SECONDS.toNanos(1), lease / 2);
    Set<String> live = new HashSet<>();
    for (NodeInfo session : reply.sessions()) {
      live.add(owner(session.address(), session.incarnation()));
    }
    liveSessions = live;
    boolean relisted = noteRelisted(live);
    dropSessionsGone(live);
    finishTakeovers();
    if (relisted || (takeovers != null && !takeovers.isEmpty())) {
      requestSyncs();
    }
    replicator.catchUpFollowers();
  }

  /** Periodic: ends takeovers past their deadline, asks again for syncs still owed, ends graces. */
  void tick() {
    finishTakeovers();
    requestSyncs();
    slots.departedOwners().forEach(owner -> dropOwner(owner, "restarted " + RESTARTED_SESSION_GRACE + " ago"));
    replicator.catchUpFollowers();
    sendOwnerDigests();
  }

  /**
   * Anti-entropy with the sessions: for the slots whose check is due, tells each session that
   * synced them what this leader holds of its publishers there; a session that holds something
   * else resyncs the slot (see {@link OwnerDigests}).
   */
  private void sendOwnerDigests() {
    List<DataSlot.OwnerCheck> due = slots.ownerChecksDue();
    if (due.isEmpty()) {
      return;
    }
    notifier.forEachSession((session, peer) -> {
      List<Integer> ids = new ArrayList<>();
      List<Long> epochs = new ArrayList<>();
      List<Long> counts = new ArrayList<>();
      List<Long> hashes = new ArrayList<>();
      for (DataSlot.OwnerCheck check : due) {
        if (check.syncedSessions().contains(session)) {
          long[] digest = check.byOwner().getOrDefault(session, new long[2]);
          ids.add(check.slot());
          epochs.add(check.leaderEpoch());
          counts.add(digest[0]);
          hashes.add(digest[1]);
        }
      }
      if (!ids.isEmpty()) {
        peer.oneway(new OwnerDigests(self, ids, epochs, counts, hashes));
        metrics.ownerChecks.inc(ids.size());
      }
    });
  }

  /** A step or catch-up part from the leader of a slot this node follows. */
  ReplicaReply replicate(ReplicaAppend append) {
    try {
      append.kind();
      append.deltas();
    } catch (IllegalArgumentException corrupt) {
      LOG.warn("refused an unreadable replica step: {}", corrupt.getMessage());
      return new ReplicaReply(Status.BAD_REQUEST, -1, corrupt.getMessage());
    }
    ReplicaReply reply = slots.hasTable() ? slots.acceptReplica(append)
        : new ReplicaReply(Status.NOT_READY, -1, "no slot table yet");
    if (reply.status() == Status.OK) {
      metrics.replicaSteps.inc();
    }
    return reply;
  }

  /** Several steps, for slots this thread follows, in order: one reply each. */
  List<ReplicaReply> replicate(List<ReplicaAppend> appends) {
    List<ReplicaReply> replies = new ArrayList<>(appends.size());
    appends.forEach(append -> replies.add(replicate(append)));
    return replies;
  }

  ReplicaDigest digest(ReplicaDigestQuery query) {
    return slots.hasTable() ? slots.digestFor(query) : ReplicaDigest.refused(Status.NOT_READY, 0);
  }

  /** A session said hello: ask it at once for the slots it owes. */
  void helloed() {
    requestSyncs();
  }

  boolean ready() {
    return slots.hasTable() && !fenced();
  }

  /** True while this node has not heard from the meta leader for too long to serve safely. */
  boolean fenced() {
    return fenceAfterNanos != Long.MAX_VALUE && ticker.nanoTime() - lastMetaContactNanos > fenceAfterNanos;
  }

  private void finishTakeovers() {
    List<Change> changes = slots.finishTakeovers(liveSessions, (slot, tookNanos) -> {
      metrics.takeovers.inc();
      LOG.debug("slot {} serves at epoch {} after a {} ms takeover", slot.id(), slot.leaderEpoch(),
          TimeUnit.NANOSECONDS.toMillis(tookNanos));
    }, late -> {
      metrics.lateSyncs.inc();
      LOG.warn("session {} did not finish its sync in time; treated as having no publishers there", late);
    });
    replicator.replicateAll();
    announce(changes);
    replicator.catchUpFollowers();
  }

  private void requestSyncs() {
    notifier.forEachSession((session, peer) -> {
      List<DataSlot> owed = slots.owedBy(session);
      if (!owed.isEmpty()) {
        List<Integer> ids = new ArrayList<>(owed.size());
        List<Long> epochs = new ArrayList<>(owed.size());
        owed.forEach(slot -> {
          ids.add(slot.id());
          epochs.add(slot.leaderEpoch());
        });
        peer.oneway(new SyncRequest(self, ids, epochs));
      }
    });
  }

  /**
   * Remembers the incarnations listed at the last reply and not now, and takes back each one
   * listed again (see the class comment). Returns whether any was.
   */
  private boolean noteRelisted(Set<String> live) {
    boolean any = false;
    for (String owner : live) {
      if (unlisted.remove(owner)) {
        slots.relisted(owner);
        metrics.relistedSessions.inc();
        LOG.info("session {} is listed again after meta had evicted or replaced it; asking it for all its publishers", owner);
        any = true;
      }
    }
    for (String owner : sessionsSeenLive) {
      if (!live.contains(owner)) {
        unlisted.add(owner);
      }
    }
    while (unlisted.size() > MAX_UNLISTED) {
      unlisted.remove(unlisted.iterator().next());
    }
    return any;
  }

  private void dropSessionsGone(Set<String> live) {
    sessionsSeenLive.addAll(live);
    Set<String> owners = new HashSet<>();
    Set<String> servedOwners = new HashSet<>();
    slots.all().forEach(slot -> {
      if (slot.store() != null) {
        (slot.serves() ? servedOwners : owners).addAll(slot.store().owningSessions());
      }
    });
    owners.addAll(servedOwners);
    for (String owner : owners) {
      if (live.contains(owner)) {
        continue;
      }
      String address = owner.substring(0, owner.lastIndexOf('#'));
      boolean replaced = live.stream().anyMatch(l -> l.startsWith(address + "#"));
      boolean seen = sessionsSeenLive.remove(owner);
      // An owner this node never saw listed (its publishers came in a replica) still ends when
      // meta lists another incarnation at its address; only where this node serves, since a
      // follower repeats its leader's drops.
      if (!seen && !(replaced && servedOwners.contains(owner) && !slots.isDeparting(owner))) {
        continue;
      }
      if (replaced) {
        // Restarted: detected long before its lease would have ended, while its clients are
        // still reconnecting. Keep what they published for as long as they need to come back.
        slots.keepDeparting(owner, RESTARTED_SESSION_GRACE.toNanos());
        LOG.info("session {} restarted; keeping its publishers for {}", owner, RESTARTED_SESSION_GRACE);
      } else {
        dropOwner(owner, "left meta");
      }
    }
    sessionsSeenLive.retainAll(live);
  }

  private void dropOwner(String owner, String why) {
    int hash = owner.lastIndexOf('#');
    String address = owner.substring(0, hash);
    long incarnation = Long.parseLong(owner.substring(hash + 1));
    List<Change> changes = new ArrayList<>();
    // Only where this node leads: a follower repeats its leader's drops, so replicas never diverge.
    slots.all().stream().filter(DataSlot::serves).forEach(slot -> changes.addAll(slot.dropSession(address, incarnation)));
    replicator.replicateAll();
    LOG.info("session {} {}; dropped its publishers from {} datums", owner, why, changes.size());
    announce(changes);
  }

  private void announce(List<Change> changes) {
    notifier.publish(changes, this::readToSendAlong);
    metrics.changes.inc(changes.size());
  }

  /** A changed datum to send along with its notice: only one this node serves, and not too big. */
  private DatumReply readToSendAlong(String dataInfoId) {
    DataSlot slot = slots.slot(slots.slotOf(dataInfoId));
    return slot.role() == SlotRole.LEADER
        ? slot.store().readIfSmall(dataInfoId, ChangeNotifier.INLINE_LIMIT_BYTES) : null;
  }

  private static String owner(String address, long incarnation) {
    return address + "#" + incarnation;
  }
}
