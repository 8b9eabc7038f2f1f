package io.roster.data.slot;

import io.roster.data.store.Change;
import io.roster.model.SlotTable;
import io.roster.model.Slots;
import io.roster.model.Ticker;
import io.roster.protocol.Status;
import io.roster.protocol.data.ReplicaAppend;
import io.roster.protocol.data.ReplicaDigest;
import io.roster.protocol.data.ReplicaDigestQuery;
import io.roster.protocol.data.ReplicaReply;
import io.roster.protocol.data.SlotSync;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Every slot of the table as this data node holds it ({@link DataSlot}), and the fencing of every
 * request against it. Owned by the data node's store thread.
 *
 * <p>Fencing is per slot: a request names the leader epoch of its slot as the session knows it,
 * and a mismatch is refused with {@code EPOCH_MISMATCH}, so a new table that moves one slot
 * refuses nothing sent to the others.
 *
 * <p>A data node splits its slots among several store threads; each thread's map holds only the
 * slots it owns ({@link #threadOf}) and treats every other slot as one not placed here (role
 * {@code NONE}, no datums), so the maps never share a slot.
 */
public final class SlotMap {

  private final String self;
  private final Ticker ticker;
  private final long tombstoneTtlNanos;
  private final long syncTimeoutNanos;
  private final long checkNanos;
  private final int thread;
  private final int threads;
  private SlotTable table = SlotTable.EMPTY;
  private DataSlot[] slots = new DataSlot[0];
  /**
   * Session owners ({@code address#incarnation}) that meta replaced by a newer incarnation, and
   * until when (ticker nanos) their publishers are kept: their clients are still re-registering,
   * so neither the new incarnation's sync nor a takeover deletes them meanwhile.
   */
  private final Map<String, Long> departing = new HashMap<>();

  /** A map that owns every slot: the whole node on one thread. */
  public SlotMap(String self, Ticker ticker, long tombstoneTtlNanos, long syncTimeoutNanos,
      long checkNanos) {
    this(self, ticker, tombstoneTtlNanos, syncTimeoutNanos, checkNanos, 0, 1);
  }

  /**
   * @param checkNanos how often, on average, each streaming follower is compared
   * @param thread which of {@code threads} store threads this map belongs to: it holds the slots
   *     {@link #threadOf} gives that thread, and never takes another, whatever the table says
   */
  public SlotMap(String self, Ticker ticker, long tombstoneTtlNanos, long syncTimeoutNanos,
      long checkNanos, int thread, int threads) {
    this.thread = thread;
    this.threads = threads;
    this.checkNanos = checkNanos;
    this.self = self;
    this.ticker = ticker;
    this.tombstoneTtlNanos = tombstoneTtlNanos;
    this.syncTimeoutNanos = syncTimeoutNanos;
  }

  /**
   * Adopts the table if it is newer and moves every slot to its new role. Returns the slots that
   * started a takeover, or null when the table was not adopted.
   */
  public List<DataSlot> adopt(SlotTable candidate) {
    if (candidate == null || candidate.epoch() <= table.epoch() || candidate.slotCount() == 0) {
      return null;
    }
    if (candidate.slotCount() != slots.length) {
      slots = new DataSlot[candidate.slotCount()];
      for (int i = 0; i < slots.length; i++) {
        slots[i] = new DataSlot(i, ticker, tombstoneTtlNanos, checkNanos);
      }
    }
    table = candidate;
    List<DataSlot> takeovers = new ArrayList<>();
    for (SlotTable.Slot placed : candidate.slots()) {
      DataSlot slot = slots[placed.id()];
      if (threadOf(placed.id(), candidate.slotCount(), threads) != thread) {
        continue; // another store thread's slot
      }
      if (self.equals(placed.leader())) {
        if (!slot.serves() || slot.leaderEpoch() != placed.leaderEpoch()) {
          slot.startTakeover(placed.leaderEpoch(), syncTimeoutNanos);
          takeovers.add(slot);
        }
        slot.setFollowers(placed.followers());
      } else if (placed.followers().contains(self)) {
        if (slot.role() != SlotRole.FOLLOWER || slot.leaderEpoch() != placed.leaderEpoch()) {
          slot.becomeFollower(placed.leaderEpoch());
        }
      } else if (slot.role() != SlotRole.NONE) {
        slot.drop();
      }
    }
    return takeovers;
  }

  public SlotTable table() {
    return table;
  }

  /**
   * The store thread that owns a slot. Each thread gets an equal share of the slots (counts
   * differ by at most one) and a share that follows no pattern in slot ids: meta places leaders
   * round the nodes slot by slot, or in runs, and a plain {@code slot % threads} would give one
   * thread every leader of a two-node cluster. So the slot is first scrambled by a bijection on
   * [0, slotCount) (slot counts are powers of two), then taken modulo the thread count.
   * Out-of-range slots, and any slot before a table, go to thread 0, which refuses them.
   */
  public static int threadOf(int slot, int slotCount, int threads) {
    if (slotCount <= 0 || slot < 0 || slot >= slotCount || threads <= 1) {
      return 0;
    }
    if (Integer.bitCount(slotCount) != 1) {
      return slot % threads;
    }
    int mask = slotCount - 1;
    int half = (Integer.numberOfTrailingZeros(slotCount) + 1) / 2;
    int x = (slot * 0x9E3779B1) & mask; // odd multipliers and shifts within the mask: a bijection
    x ^= x >>> half;
    x = (x * 0x85EBCA6B) & mask;
    x ^= x >>> half;
    return x % threads;
  }

  /** Whether the table this map adopted last places a replica of any slot on this node. */
  public boolean placedHere() {
    return table.slots().stream().anyMatch(slot -> slot.hasReplicaOn(self));
  }

  public boolean hasTable() {
    return slots.length > 0;
  }

  public int slotOf(String dataInfoId) {
    return Slots.slotOf(dataInfoId, slots.length);
  }

  public DataSlot slot(int id) {
    return slots[id];
  }

  /** Whether this node leads (serves or is taking over) the slot of the dataInfoId. */
  public boolean leads(String dataInfoId) {
    return hasTable() && slots[slotOf(dataInfoId)].serves();
  }

  /** May {@code session} write to the slot under {@code epoch}? */
  public Status checkWrite(int slot, long epoch, String session) {
    Status status = checkServes(slot, epoch);
    if (status != Status.OK) {
      return status;
    }
    return slots[slot].acceptsWritesOf(session) ? Status.OK : Status.NOT_READY;
  }

  /** May the datum be read under {@code epoch}? Only once the takeover has finished. */
  public Status checkRead(int slot, long epoch) {
    Status status = checkServes(slot, epoch);
    if (status != Status.OK) {
      return status;
    }
    return slots[slot].role() == SlotRole.LEADER ? Status.OK : Status.NOT_READY;
  }

  /** A sync part is taken while the slot serves under that epoch, taking over or leading. */
  public Status checkSync(SlotSync sync) {
    return checkServes(sync.slot(), sync.leaderEpoch());
  }

  /** Applies one sync part; null when out of order (see {@link DataSlot#applySync}). */
  public List<Change> applySync(SlotSync sync, String session) {
    return slots[sync.slot()].applySync(sync, session);
  }

  /**
   * Ends every takeover that is complete, meaning every session of {@code liveSessions} has sent
   * its full set, or past its deadline. {@code finished} is told of each slot that now serves
   * (and how long its takeover took), and {@code lateSessions} of each live session that did not
   * make it.
   */
  public List<Change> finishTakeovers(Set<String> liveSessions, BiConsumer<DataSlot, Long> finished,
      Consumer<String> lateSessions) {
    List<Change> changes = new ArrayList<>();
    long now = ticker.nanoTime();
    for (DataSlot slot : slots) {
      TakeoverSync takeover = slot.takeover();
      if (takeover == null) {
        continue;
      }
      boolean complete = slot.allSynced(liveSessions);
      if (!complete && now - takeover.deadlineNanos < 0) {
        continue;
      }
      if (!complete) {
        liveSessions.stream().filter(s -> !slot.hasSynced(s)).forEach(lateSessions);
      }
      changes.addAll(slot.finishTakeover(departing::containsKey));
      finished.accept(slot, now - takeover.startedNanos);
    }
    return changes;
  }

  /** Keeps the publishers of {@code owner} for {@code graceNanos} more; see {@link #departing}. */
  public void keepDeparting(String owner, long graceNanos) {
    departing.put(owner, ticker.nanoTime() + graceNanos);
  }

  public boolean isDeparting(String owner) {
    return departing.containsKey(owner);
  }

  /**
   * Meta lists {@code owner} again after it had stopped listing it (evicted it, or held another
   * incarnation at its address): the owner is alive after all. Its grace, if any, ends without a
   * drop, and every slot forgets that it synced (a sync under way starts again), so
   * {@link #owedBy} names every slot served here and the owner is asked for its full set again:
   * whatever this node dropped of it meanwhile comes back, and nothing it no longer holds stays.
   */
  public void relisted(String owner) {
    departing.remove(owner);
    for (DataSlot slot : slots) {
      slot.forgetSync(owner);
    }
  }

  /** Removes and returns the departing owners whose grace is over: theirs to drop now. */
  public List<String> departedOwners() {
    long now = ticker.nanoTime();
    List<String> over = new ArrayList<>();
    departing.entrySet().removeIf(e -> {
      boolean done = now - e.getValue() >= 0;
      if (done) {
        over.add(e.getKey());
      }
      return done;
    });
    return over;
  }

  /** The slots that serve here and that {@code session} has not synced under their epoch. */
  public List<DataSlot> owedBy(String session) {
    List<DataSlot> owed = new ArrayList<>();
    for (DataSlot slot : slots) {
      if (slot.serves() && !slot.hasSynced(session)) {
        owed.add(slot);
      }
    }
    return owed;
  }

  /** A step or catch-up part from the leader of its slot; see {@link DataSlot#acceptReplica}. */
  public ReplicaReply acceptReplica(ReplicaAppend append) {
    if (append.slot() < 0 || append.slot() >= slots.length) {
      return new ReplicaReply(Status.NOT_LEADER, -1, "no slot " + append.slot() + " in table epoch " + table.epoch());
    }
    return slots[append.slot()].acceptReplica(append);
  }

  public ReplicaDigest digestFor(ReplicaDigestQuery query) {
    if (query.slot() < 0 || query.slot() >= slots.length) {
      return ReplicaDigest.refused(Status.NOT_LEADER, 0);
    }
    return slots[query.slot()].digestFor(query);
  }

  /** The session checks due now, one per slot led here; each is rescheduled as it is taken. */
  public List<DataSlot.OwnerCheck> ownerChecksDue() {
    List<DataSlot.OwnerCheck> due = new ArrayList<>();
    for (DataSlot slot : slots) {
      DataSlot.OwnerCheck check = slot.ownerCheckIfDue();
      if (check != null) {
        due.add(check);
      }
    }
    return due;
  }

  /** Digest queries for every follower, of every slot led here, that is due a catch-up. */
  public List<ReplicaSend> digestQueriesDue() {
    List<ReplicaSend> sends = new ArrayList<>();
    for (DataSlot slot : slots) {
      sends.addAll(slot.digestQueriesDue());
    }
    return sends;
  }

  /** The slots this node follows but does not yet hold as their leaders do. */
  public List<Integer> laggingSlots() {
    List<Integer> lagging = new ArrayList<>();
    for (DataSlot slot : slots) {
      if (slot.lagging()) {
        lagging.add(slot.id());
      }
    }
    return lagging;
  }

  /** Per slot led here, the followers not yet streaming (being caught up, or unreachable). */
  public Map<Integer, List<String>> followersBehind() {
    Map<Integer, List<String>> behind = new TreeMap<>();
    for (DataSlot slot : slots) {
      if (slot.role() == SlotRole.LEADER) {
        List<String> these = slot.followersBehind();
        if (!these.isEmpty()) {
          behind.put(slot.id(), these);
        }
      }
    }
    return behind;
  }

  public List<DataSlot> all() {
    return List.of(slots);
  }

  public int publisherCount() {
    int count = 0;
    for (DataSlot slot : slots) {
      count += slot.store() == null ? 0 : slot.store().publisherCount();
    }
    return count;
  }

  public int datumCount() {
    int count = 0;
    for (DataSlot slot : slots) {
      count += slot.store() == null ? 0 : slot.store().datumCount();
    }
    return count;
  }

  /** How many slots are in each role here, e.g. for {@code /digest} and metrics. */
  public int count(SlotRole role) {
    int count = 0;
    for (DataSlot slot : slots) {
      count += slot.role() == role ? 1 : 0;
    }
    return count;
  }

  private Status checkServes(int slot, long epoch) {
    if (!hasTable()) {
      return Status.NOT_READY;
    }
    if (slot < 0 || slot >= slots.length || !slots[slot].serves()) {
      return Status.NOT_LEADER;
    }
    return epoch == slots[slot].leaderEpoch() ? Status.OK : Status.EPOCH_MISMATCH;
  }
}
