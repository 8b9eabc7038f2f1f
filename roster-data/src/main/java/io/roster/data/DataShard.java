package io.roster.data;

import io.roster.data.notify.ChangeNotifier;
import io.roster.data.replica.ReplicaLinks;
import io.roster.data.slot.SlotMap;
import io.roster.data.slot.SlotRole;
import io.roster.model.Ticker;
import io.roster.protocol.meta.HeartbeatReply;
import io.roster.remoting.NamedThreads;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * One store thread of a data node and everything it owns: one contiguous range of the slots
 * ({@link SlotMap#threadOf}), their stores and replication streams, the
 * notifier that tells sessions of their changes, and the lease bookkeeping ({@link DataService}).
 *
 * <p>Why several: every write, sync, read and replica step touches exactly one slot's state, so
 * splitting the slots among threads lets a node use every core with one owner per slot and no
 * lock. What spans slots is either the same on every thread (each adopts the same table and sees
 * the same sessions from every heartbeat reply) or is split by {@link ShardRouter} and answered
 * once every thread has answered.
 *
 * <p>Its state is touched only on its thread. What other threads read is the {@link Status} it
 * publishes (a volatile immutable record) after each heartbeat reply and each tick.
 */
final class DataShard implements AutoCloseable {

  /** What this thread last published about its slots: read by heartbeats, /health and metrics. */
  record Status(long adoptedEpoch, int slotCount, boolean ready, boolean placedHere,
      List<Integer> laggingSlots, int[] roles, Map<Integer, List<String>> followersBehind,
      long publishers, long datums, int sessions) {
    static final Status NONE = new Status(0, 0, false, false, List.of(), new int[SlotRole.values().length],
        Map.of(), 0, 0, 0);

    /** {@code each} summed over several threads' statuses. */
    static long sum(Collection<Status> statuses, ToLongFunction<Status> each) {
      return statuses.stream().mapToLong(each).sum();
    }

    /** The newest table every one of the threads has adopted: what the node has adopted. */
    static long adoptedByAll(Collection<Status> statuses) {
      return statuses.stream().mapToLong(Status::adoptedEpoch).min().orElse(0);
    }

    /** Followers of the slots led here that are not streaming, counted over every slot. */
    int followersBehindCount() {
      return followersBehind.values().stream().mapToInt(List::size).sum();
    }
  }

  private static final Duration TOMBSTONE_TTL = Duration.ofMinutes(2);

  final int index;
  private final ScheduledExecutorService thread;
  final SlotMap slots;
  final ChangeNotifier notifier = new ChangeNotifier();
  final DataService service;
  private volatile Status status = Status.NONE;

  DataShard(int index, int count, String self, DataConfig config, Ticker ticker, ReplicaLinks links,
      DataMetrics metrics) {
    this.index = index;
    this.thread = NamedThreads.owner(count == 1 ? "data-store" : "data-store-" + index);
    this.slots = new SlotMap(self, ticker, TOMBSTONE_TTL.toNanos(), config.syncTimeout().toNanos(),
        config.checkInterval().toNanos(), index, count);
    this.service = new DataService(self, slots, notifier, metrics, ticker,
        new Replicator(slots, links, thread, metrics));
  }

  /** Starts the periodic work: {@code tickMillis} for takeovers, syncs, catch-ups and checks. */
  void start(long tickMillis) {
    thread.scheduleWithFixedDelay(this::expireTombstones, 10, 10, TimeUnit.SECONDS);
    thread.scheduleWithFixedDelay(() -> {
      service.tick();
      publish();
    }, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code task} on this thread; false when the thread has stopped. */
  boolean execute(Runnable task) {
    return NamedThreads.handOff(thread, task);
  }

  /** Runs {@code task} on this thread and completes with its answer (never if stopped meanwhile). */
  <T> CompletableFuture<T> call(Supplier<T> task) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    if (!execute(() -> answer.complete(task.get()))) {
      answer.completeExceptionally(new IllegalStateException("data node stopping"));
    }
    return answer;
  }

  /** A heartbeat reply (see {@link DataService#onMetaReply}); then the status is published. */
  void onMetaReply(HeartbeatReply reply, long sentNanos, Runnable afterwards) {
    execute(() -> {
      service.onMetaReply(reply, sentNanos);
      publish();
      afterwards.run();
    });
  }

  Status status() {
    return status;
  }

  /** Publishes the status now, on this thread, and completes with it: for admin pages. */
  CompletableFuture<Status> freshStatus() {
    return call(() -> {
      publish();
      return status;
    });
  }

  private void publish() {
    int[] roles = new int[SlotRole.values().length];
    for (SlotRole role : SlotRole.values()) {
      roles[role.ordinal()] = slots.count(role);
    }
    status = new Status(slots.table().epoch(), slots.table().slotCount(), service.ready(), slots.placedHere(),
        List.copyOf(slots.laggingSlots()), roles, Map.copyOf(slots.followersBehind()), slots.publisherCount(),
        slots.datumCount(), notifier.sessionCount());
  }

  private void expireTombstones() {
    slots.all().forEach(slot -> {
      if (slot.store() != null) {
        slot.store().expireTombstones();
      }
    });
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
