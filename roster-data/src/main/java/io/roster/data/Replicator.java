package io.roster.data;

import io.roster.data.replica.ReplicaLinks;
import io.roster.data.slot.DataSlot;
import io.roster.data.slot.ReplicaSend;
import io.roster.data.slot.SlotMap;
import io.roster.protocol.data.ReplicaAppend;
import io.roster.protocol.data.ReplicaBatch;
import io.roster.protocol.data.ReplicaBatchReply;
import io.roster.protocol.data.ReplicaDigest;
import io.roster.protocol.data.ReplicaDigestQuery;
import io.roster.protocol.data.ReplicaReply;
import io.roster.remoting.NamedThreads;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store-thread side of replication: after every change to a slot this node leads, sends the
 * slot's next step to its streaming followers, and runs the catch-ups (digest query, then the
 * difference) of followers that are new or fell behind. Answers come back on bolt threads and are
 * handed to the store thread before they touch a slot. Sends never wait for answers, so a write is
 * acknowledged to its session without waiting for any follower: the session holds every
 * publisher it forwarded and sends them all again to a new leader, so what a dying leader had not
 * yet replicated is restored by the takeover sync. What replication adds is the copy of publishers
 * whose session is gone or restarting at the time the leader dies. Streaming followers are also
 * compared with the leader now and then ({@code roster.data.check.interval}); what such a
 * comparison repairs is logged and counted.
 */
final class Replicator {

  private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);

  /** Bytes per catch-up part: well under bolt's frame limit, big enough to move a slot in few. */
  static final int MAX_PART_BYTES = 1 << 20;

  private final SlotMap slots;
  private final ReplicaLinks links;
  private final Executor storeThread;
  private final DataMetrics metrics;

  Replicator(SlotMap slots, ReplicaLinks links, Executor storeThread, DataMetrics metrics) {
    this.slots = slots;
    this.links = links;
    this.storeThread = storeThread;
    this.metrics = metrics;
  }

  /**
   * Sends what changed in each of {@code touched} since its last step, for those that lead here:
   * one message per follower, however many slots it covers.
   */
  void replicate(Collection<DataSlot> touched) {
    List<ReplicaSend> sends = new ArrayList<>();
    for (DataSlot slot : touched) {
      ReplicaAppend append = slot.nextAppend();
      if (append != null) {
        sends.addAll(slot.sendsOf(append));
      }
    }
    if (sends.size() <= 1) {
      send(sends);
      return;
    }
    Map<String, List<ReplicaSend>> byFollower = new LinkedHashMap<>();
    sends.forEach(s -> byFollower.computeIfAbsent(s.follower(), f -> new ArrayList<>()).add(s));
    byFollower.forEach((follower, batch) -> {
      if (batch.size() == 1) {
        send(batch);
      } else {
        sendBatch(follower, batch);
      }
    });
  }

  /** {@link #replicate} for every slot: after operations that may touch any of them. */
  void replicateAll() {
    replicate(slots.all());
  }

  /** Starts the catch-up of every follower that is due one. */
  void catchUpFollowers() {
    send(slots.digestQueriesDue());
  }

  private void send(List<ReplicaSend> sends) {
    for (ReplicaSend s : sends) {
      links.send(s.follower(), s.message()).whenComplete((answer, failure) ->
          NamedThreads.handOff(storeThread, () -> answered(s, failure == null ? answer : null)));
    }
  }

  private void sendBatch(String follower, List<ReplicaSend> batch) {
    List<ReplicaAppend> appends = new ArrayList<>(batch.size());
    batch.forEach(s -> appends.add((ReplicaAppend) s.message()));
    links.send(follower, new ReplicaBatch(appends)).whenComplete((answer, failure) ->
        NamedThreads.handOff(storeThread, () -> {
          ReplicaBatchReply replies = failure == null && answer instanceof ReplicaBatchReply r ? r : null;
          for (int i = 0; i < batch.size(); i++) {
            answered(batch.get(i), replies == null ? null : replies.reply(i));
          }
        }));
  }

  private void answered(ReplicaSend sent, Object answer) {
    if (!slots.hasTable() || sent.slot() >= slots.table().slotCount()) {
      return;
    }
    DataSlot slot = slots.slot(sent.slot());
    if (sent.message() instanceof ReplicaDigestQuery) {
      long repairedBefore = slot.repairedDatums();
      send(slot.digestAnswered(sent.follower(), sent.generation(),
          answer instanceof ReplicaDigest digest ? digest : null, MAX_PART_BYTES));
      long repaired = slot.repairedDatums() - repairedBefore;
      if (repaired > 0) {
        metrics.replicaRepairs.inc(repaired);
        LOG.warn("follower {} of slot {} differed from its leader in {} datums; repaired", sent.follower(),
            sent.slot(), repaired);
      }
    } else {
      slot.replicaAnswered(sent.follower(), sent.generation(),
          answer instanceof ReplicaReply reply ? reply : null);
    }
  }
}
