package io.roster.session.route;

import io.roster.model.SlotTable;
import io.roster.model.Slots;
import io.roster.protocol.Status;
import io.roster.protocol.data.OwnerDigests;
import io.roster.protocol.data.PublisherWrite;
import io.roster.protocol.data.SlotSync;
import io.roster.protocol.data.SyncRequest;
import io.roster.protocol.data.WriteBatch;
import io.roster.protocol.data.WriteReply;
import io.roster.remoting.BoltClient;
import io.roster.remoting.NamedThreads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a slot leader's {@link SyncRequest}: sends this session's full set of publishers for
 * each requested slot, in parts, the last one marked done, together with the datum versions this
 * session has seen there (so the leader never issues a lower one).
 *
 * <p>A request is honoured only for a slot whose leader and leader epoch match this session's
 * table; a request ahead of the table asks meta for the table first, and the leader asks again.
 * While a slot's sync is out, {@link DataForwarder} holds that slot's queue, so the normal writes
 * that follow reach the leader after the full set. A failed part simply ends the sync: the leader
 * repeats its request until it has the set. Owned by {@code session-registry}.
 */
public final class SlotSyncer {

  private static final Logger LOG = LoggerFactory.getLogger(SlotSyncer.class);
  private static final int PART_WRITES = 1000;
  private static final int TIMEOUT_MILLIS = 5000;

  /** Gives, on any thread, the versions seen per dataInfoId for each of the slots. */
  public interface SeenVersions extends BiFunction<Set<Integer>, Integer,
      CompletableFuture<Map<Integer, Map<String, Long>>>> {}

  /** Gives the PUT writes of every publisher held, by slot (see SessionStore#putsBySlot). */
  public interface Snapshot extends BiFunction<Set<Integer>, Integer, Map<Integer, List<PublisherWrite>>> {}

  /** Gives {count, hash} of the publishers held, by slot (see SessionStore#digestsBySlot). */
  public interface Digests extends BiFunction<Set<Integer>, Integer, Map<Integer, long[]>> {}

  private final Supplier<String> sessionAddress;
  private final long sessionIncarnation;
  private final SlotRouter router;
  private final BoltClient bolt;
  private final ScheduledExecutorService thread;
  private final DataForwarder forwarder;
  private final Snapshot snapshot;
  private final Digests digests;
  private final SeenVersions seenVersions;
  private final Runnable tableStale;
  /** Slots whose sync is out, by "slot@epoch". */
  private final Set<String> inProgress = new HashSet<>();
  private long syncsSent;
  private long digestResyncs;
  private long versionResyncs;

  public SlotSyncer(Supplier<String> sessionAddress, long sessionIncarnation, SlotRouter router,
      BoltClient bolt, ScheduledExecutorService thread, DataForwarder forwarder, Snapshot snapshot,
      Digests digests, SeenVersions seenVersions, Runnable tableStale) {
    this.digests = digests;
    this.sessionAddress = sessionAddress;
    this.sessionIncarnation = sessionIncarnation;
    this.router = router;
    this.bolt = bolt;
    this.thread = thread;
    this.forwarder = forwarder;
    this.snapshot = snapshot;
    this.seenVersions = seenVersions;
    this.tableStale = tableStale;
  }

  /** May be called from any thread; the work runs on the registry thread. */
  public void requested(SyncRequest request) {
    NamedThreads.handOff(thread, () -> start(request));
  }

  public long syncsSent() {
    return syncsSent;
  }

  /**
   * A slot leader's digests of this session's publishers. May be called from any thread. The
   * comparison is handed to the registry thread twice, so writes the store handed to the
   * forwarder before it are queued (and so seen as not yet applied) by the time it runs.
   */
  public void digestsArrived(OwnerDigests theirs) {
    NamedThreads.handOff(thread, () -> NamedThreads.handOff(thread, () -> compare(theirs)));
  }

  /**
   * The leader of that dataInfoId's slot offered a version at or below one held here (see
   * PushEngine). May be called from any thread. Resyncs the slot with its leader: the sync reports
   * the versions this session holds, and a leader raises its own above them. Not while a sync of
   * that slot under that epoch is out: it reports them already.
   */
  public void leaderBehind(String dataInfoId) {
    NamedThreads.handOff(thread, () -> {
      SlotTable table = router.table();
      if (table.slotCount() == 0) {
        return;
      }
      int slot = Slots.slotOf(dataInfoId, table.slotCount());
      SlotTable.Slot placed = table.slot(slot);
      if (!inProgress.contains(slot + "@" + placed.leaderEpoch())) {
        versionResyncs++;
        start(new SyncRequest(placed.leader(), List.of(slot), List.of(placed.leaderEpoch())));
      }
    });
  }

  /** Slots resynced because their leader offered a version below one held; registry thread. */
  public long versionResyncs() {
    return versionResyncs;
  }

  /** Slots resynced because a leader's digest differed from this session's; registry thread. */
  public long digestResyncs() {
    return digestResyncs;
  }

  private void compare(OwnerDigests theirs) {
    try {
      theirs.validate();
    } catch (IllegalArgumentException malformed) {
      LOG.warn("ignored malformed owner digests: {}", malformed.getMessage());
      return;
    }
    SlotTable table = router.table();
    Map<Integer, Integer> comparable = new HashMap<>();
    for (int i = 0; i < theirs.slots().size(); i++) {
      int slot = theirs.slots().get(i);
      if (slot >= 0 && slot < table.slotCount() && table.slot(slot).leaderEpoch() == theirs.leaderEpochs().get(i)
          && table.slot(slot).leader().equals(theirs.dataAddress()) && forwarder.idle(slot)
          && !inProgress.contains(slot + "@" + theirs.leaderEpochs().get(i))) {
        comparable.put(slot, i);
      }
    }
    if (comparable.isEmpty()) {
      return;
    }
    Map<Integer, long[]> ours = digests.apply(comparable.keySet(), table.slotCount());
    List<Integer> differing = new ArrayList<>();
    List<Long> epochs = new ArrayList<>();
    comparable.forEach((slot, i) -> {
      long[] mine = ours.get(slot);
      if (mine[0] != theirs.counts().get(i) || mine[1] != theirs.hashes().get(i)) {
        differing.add(slot);
        epochs.add(theirs.leaderEpochs().get(i));
      }
    });
    if (!differing.isEmpty()) {
      digestResyncs += differing.size();
      LOG.info("leader {} holds other publishers of this session than it has in slots {}; resyncing them",
          theirs.dataAddress(), differing);
      start(new SyncRequest(theirs.dataAddress(), differing, epochs));
    }
  }

  private void start(SyncRequest request) {
    try {
      request.validate();
    } catch (IllegalArgumentException malformed) {
      LOG.warn("ignored a malformed sync request: {}", malformed.getMessage());
      return;
    }
    SlotTable table = router.table();
    Map<Integer, Long> accepted = new HashMap<>();
    boolean behind = false;
    for (int i = 0; i < request.slots().size(); i++) {
      int slot = request.slots().get(i);
      long epoch = request.leaderEpochs().get(i);
      if (slot < 0 || slot >= table.slotCount()) {
        behind |= table.slotCount() == 0;
        continue;
      }
      SlotTable.Slot placed = table.slot(slot);
      if (placed.leaderEpoch() < epoch) {
        behind = true;
      } else if (placed.leaderEpoch() == epoch && placed.leader().equals(request.dataAddress())
          && inProgress.add(slot + "@" + epoch)) {
        accepted.put(slot, epoch);
      }
    }
    if (behind) {
      tableStale.run();
    }
    if (accepted.isEmpty()) {
      return;
    }
    accepted.keySet().forEach(forwarder::hold);
    int slotCount = table.slotCount();
    Map<Integer, List<PublisherWrite>> puts = snapshot.apply(accepted.keySet(), slotCount);
    seenVersions.apply(accepted.keySet(), slotCount).whenCompleteAsync(NamedThreads.logged(
        "slot sync", (seen, error) -> accepted.forEach((slot, epoch) -> sendPart(request.dataAddress(),
            slot, epoch, puts.get(slot), seen == null ? Map.of() : seen.getOrDefault(slot, Map.of()), 0))),
        thread);
  }

  private void sendPart(String leader, int slot, long epoch, List<PublisherWrite> puts,
      Map<String, Long> seen, int part) {
    int from = part * PART_WRITES;
    int to = Math.min(puts.size(), from + PART_WRITES);
    boolean last = to >= puts.size();
    List<String> ids = new ArrayList<>(part == 0 ? seen.size() : 0);
    List<Long> versions = new ArrayList<>(ids.size());
    if (part == 0) {
      seen.forEach((id, version) -> {
        ids.add(id);
        versions.add(version);
      });
    }
    WriteBatch batch = new WriteBatch(sessionAddress.get(), sessionIncarnation, Map.of(slot, epoch),
        puts.subList(from, to));
    SlotSync sync = new SlotSync(slot, epoch, part, last, batch, ids, versions);
    syncsSent++;
    bolt.invokeIfConnected(leader, sync, TIMEOUT_MILLIS).whenCompleteAsync(NamedThreads.logged(
        "slot sync part", (reply, error) -> {
          boolean ok = error == null && reply instanceof WriteReply r && r.status() == Status.OK;
          if (ok && !last) {
            sendPart(leader, slot, epoch, puts, seen, part + 1);
            return;
          }
          if (!ok) {
            LOG.info("sync of slot {} to {} failed at part {}; the leader will ask again: {}", slot,
                leader, part, error != null ? error.toString() : reply);
            if (reply instanceof WriteReply r && (r.status() == Status.EPOCH_MISMATCH
                || r.status() == Status.NOT_LEADER)) {
              tableStale.run();
            }
          }
          inProgress.remove(slot + "@" + epoch);
          forwarder.release(slot);
        }), thread);
  }
}
