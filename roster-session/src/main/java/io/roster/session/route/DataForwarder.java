package io.roster.session.route;

import io.roster.model.SlotTable;
import io.roster.model.Slots;
import io.roster.protocol.Status;
import io.roster.protocol.data.PublisherWrite;
import io.roster.protocol.data.WriteBatch;
import io.roster.protocol.data.WriteReply;
import io.roster.remoting.BoltClient;
import io.roster.remoting.NamedThreads;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries publisher writes from the session to the slot leaders, asynchronously: the client was
 * already answered when its registration reached the session store.
 *
 * <p>One FIFO queue per slot keeps the writes of a slot in the order the store produced them.
 * Each data node has at most one batch in flight; a batch takes the heads of every queue that
 * node leads, and a slot in flight is not touched by another batch. A write leaves its queue
 * only when data acknowledged it, so a failure simply means "send again, after a backoff".
 * Each batch names the leader epoch of every slot it carries. A slot whose full set is being
 * sent by {@link SlotSyncer} is held: its queue waits until the sync ends.
 * Owned by one thread ({@code session-registry}, which also owns the store that feeds it: one
 * hand-off less per registration); {@link #enqueue} may be called from any thread.
 */
public final class DataForwarder {

  private static final Logger LOG = LoggerFactory.getLogger(DataForwarder.class);
  private static final int MAX_BATCH_WRITES = 1000;
  private static final long MAX_BATCH_CHARS = 4L << 20;
  private static final int TIMEOUT_MILLIS = 3000;
  private static final long MAX_BACKOFF_MILLIS = 2000;

  private final Supplier<String> sessionAddress;
  private final long sessionIncarnation;
  private final SlotRouter router;
  private final BoltClient bolt;
  private final ScheduledExecutorService thread;
  private final Runnable tableStale;

  private final Map<Integer, ArrayDeque<PublisherWrite>> queues = new HashMap<>();
  private final Set<Integer> pending = new LinkedHashSet<>();
  private final Set<Integer> slotsInFlight = new HashSet<>();
  private final Set<Integer> held = new HashSet<>();
  private final Set<String> nodesInFlight = new HashSet<>();
  private final Map<String, Long> backoffUntil = new HashMap<>();
  private final Map<String, Integer> failures = new HashMap<>();
  /** The slot count the queued writes were bucketed with; another one means a re-bucket. */
  private int bucketedSlotCount = 1;

  public DataForwarder(Supplier<String> sessionAddress, long sessionIncarnation, SlotRouter router,
      BoltClient bolt, ScheduledExecutorService thread, Runnable tableStale) {
    this.sessionAddress = sessionAddress;
    this.sessionIncarnation = sessionIncarnation;
    this.router = router;
    this.bolt = bolt;
    this.thread = thread;
    this.tableStale = tableStale;
  }

  public void enqueue(PublisherWrite write) {
    NamedThreads.handOff(thread, () -> {
      rebucket();
      // One layout for every queued write; a deferred re-bucket moves them all together.
      int slot = Slots.slotOf(write.dataInfoId(), bucketedSlotCount);
      queues.computeIfAbsent(slot, s -> new ArrayDeque<>()).addLast(write);
      pending.add(slot);
      drain();
    });
  }

  /** Re-routes after a new slot table arrived. */
  public void tableChanged() {
    NamedThreads.handOff(thread, () -> {
      // Forget the backoff of data nodes that left the table.
      Set<String> nodes = router.dataNodes();
      failures.keySet().retainAll(nodes);
      backoffUntil.keySet().retainAll(nodes);
      drain();
    });
  }

  /**
   * Whether nothing of the slot is queued, in flight or held: then the slot leader has applied
   * every write of it this session made. Registry thread only.
   */
  boolean idle(int slot) {
    return bucketedSlotCount == router.table().slotCount() && !pending.contains(slot) && !held.contains(slot);
  }

  /** Holds the slot's queue while its sync is sent. Registry thread only. */
  void hold(int slot) {
    held.add(slot);
  }

  /** Lets the slot's queue go again after its sync ended. Registry thread only. */
  void release(int slot) {
    if (held.remove(slot)) {
      drain();
    }
  }

  private void drain() {
    rebucket();
    SlotTable table = router.table();
    if (table.slotCount() == 0 || pending.isEmpty() || table.slotCount() != bucketedSlotCount) {
      return; // no table yet, nothing queued, or a re-bucket waits for the batches in flight
    }
    Map<String, List<Integer>> slotsByLeader = new HashMap<>();
    for (Integer slot : pending) {
      if (slot >= table.slotCount() || slotsInFlight.contains(slot) || held.contains(slot)) {
        continue;
      }
      String leader = table.slot(slot).leader();
      if (!nodesInFlight.contains(leader) && !backingOff(leader)) {
        slotsByLeader.computeIfAbsent(leader, l -> new ArrayList<>()).add(slot);
      }
    }
    slotsByLeader.forEach((leader, slots) -> send(table, leader, slots));
  }

  private void send(SlotTable table, String leader, List<Integer> slots) {
    List<PublisherWrite> writes = new ArrayList<>();
    Map<Integer, Integer> taken = new HashMap<>();
    long chars = 0;
    for (Integer slot : slots) {
      for (PublisherWrite w : queues.get(slot)) {
        if (writes.size() >= MAX_BATCH_WRITES || chars > MAX_BATCH_CHARS) {
          break;
        }
        writes.add(w);
        chars += w.payload().length;
        taken.merge(slot, 1, Integer::sum);
      }
    }
    nodesInFlight.add(leader);
    slotsInFlight.addAll(taken.keySet());
    Map<Integer, Long> epochs = new HashMap<>();
    taken.keySet().forEach(slot -> epochs.put(slot, table.slot(slot).leaderEpoch()));
    WriteBatch batch = new WriteBatch(sessionAddress.get(), sessionIncarnation, epochs, writes);
    bolt.invokeIfConnected(leader, batch, TIMEOUT_MILLIS).whenCompleteAsync(NamedThreads.logged(
        "write completion", (reply, error) -> completed(leader, taken, reply, error)), thread);
  }

  private void completed(String leader, Map<Integer, Integer> taken, Object reply, Throwable error) {
    nodesInFlight.remove(leader);
    slotsInFlight.removeAll(taken.keySet());
    if (error == null && reply instanceof WriteReply r && r.status() == Status.OK) {
      taken.forEach((slot, count) -> {
        ArrayDeque<PublisherWrite> queue = queues.get(slot);
        for (int i = 0; i < count; i++) {
          queue.pollFirst();
        }
        if (queue.isEmpty()) {
          pending.remove(slot);
        }
      });
      failures.remove(leader);
      backoffUntil.remove(leader);
    } else {
      failed(leader, error != null ? error.toString() : String.valueOf(reply), reply);
    }
    drain();
  }

  private void failed(String leader, String why, Object reply) {
    int count = failures.merge(leader, 1, Integer::sum);
    long backoff = Math.min(MAX_BACKOFF_MILLIS, 50L << Math.min(count, 6));
    backoffUntil.put(leader, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff));
    if (reply instanceof WriteReply r
        && (r.status() == Status.EPOCH_MISMATCH || r.status() == Status.NOT_LEADER)) {
      tableStale.run();
    }
    if (count == 1 || count % 20 == 0) {
      LOG.warn("writes to data {} failed ({} in a row), retrying in {} ms: {}", leader, count, backoff, why);
    }
    thread.schedule(this::drain, backoff, TimeUnit.MILLISECONDS);
  }

  private boolean backingOff(String leader) {
    Long until = backoffUntil.get(leader);
    return until != null && until - System.nanoTime() > 0;
  }

  /** Slot numbers depend on the slot count; re-bucket queued writes when it changed. */
  private void rebucket() {
    int slotCount = Math.max(1, router.table().slotCount());
    if (slotCount == bucketedSlotCount) {
      return;
    }
    if (pending.isEmpty() && slotsInFlight.isEmpty()) {
      bucketedSlotCount = slotCount; // nothing queued: nothing to move
      return;
    }
    if (!slotsInFlight.isEmpty()) {
      return; // after the batch in flight completes
    }
    bucketedSlotCount = slotCount;
    List<PublisherWrite> all = new ArrayList<>();
    new TreeMap<>(queues).values().forEach(all::addAll);
    queues.clear();
    pending.clear();
    for (PublisherWrite w : all) {
      int slot = Slots.slotOf(w.dataInfoId(), slotCount);
      queues.computeIfAbsent(slot, s -> new ArrayDeque<>()).addLast(w);
      pending.add(slot);
    }
  }
}
