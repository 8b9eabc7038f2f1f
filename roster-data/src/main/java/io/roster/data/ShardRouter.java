package io.roster.data;

import io.roster.data.accept.DataEndpoints;
import io.roster.data.slot.SlotMap;
import io.roster.model.Slots;
import io.roster.protocol.Status;
import io.roster.protocol.data.DatumQuery;
import io.roster.protocol.data.DatumUnwatch;
import io.roster.protocol.data.HelloReply;
import io.roster.protocol.data.PublisherWrite;
import io.roster.protocol.data.ReplicaAppend;
import io.roster.protocol.data.ReplicaBatch;
import io.roster.protocol.data.ReplicaBatchReply;
import io.roster.protocol.data.ReplicaDigestQuery;
import io.roster.protocol.data.ReplicaReply;
import io.roster.protocol.data.SessionHello;
import io.roster.protocol.data.SlotSync;
import io.roster.protocol.data.WriteBatch;
import io.roster.protocol.data.WriteReply;
import io.roster.remoting.Peer;
import io.roster.remoting.RequestHandler.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request, on the bolt I/O thread that decoded it, to the store thread that owns its
 * slot ({@link DataShard}). A request that names one slot goes to one thread. One that spans
 * slots is split: a {@link WriteBatch} per thread (refused if any part is refused; the session
 * resends the whole batch, and what was applied is applied again as a no-op), a
 * {@link ReplicaBatch} per thread (replies put back in order). What concerns the connection and
 * not a slot (hello, unwatch, close) goes to every thread, each holding its own watches.
 *
 * <p>Routing uses the slot count of the tables the threads adopted. Before any table, requests go
 * to thread 0, which refuses them as {@code NOT_READY}; a thread sent a slot it does not own
 * refuses it as {@code NOT_LEADER}, so no request is ever applied by the wrong thread.
 */
final class ShardRouter implements DataEndpoints.Service {

  private static final Logger LOG = LoggerFactory.getLogger(ShardRouter.class);

  private final List<DataShard> shards;
  private final long incarnation;

  ShardRouter(List<DataShard> shards, long incarnation) {
    this.shards = List.copyOf(shards);
    this.incarnation = incarnation;
  }

  @Override
  public void hello(Peer from, SessionHello hello, Reply reply) {
    LOG.info("session {}#{} connected from {}", hello.sessionAddress(), hello.sessionIncarnation(), from.remoteAddress());
    List<CompletableFuture<Void>> done = new ArrayList<>(shards.size());
    for (DataShard shard : shards) {
      done.add(shard.call(() -> {
        shard.notifier.hello(from, hello);
        shard.service.helloed();
        return null;
      }));
    }
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
        .thenRun(() -> reply.send(new HelloReply(incarnation)));
  }

  @Override
  public void write(WriteBatch batch, Reply reply) {
    List<PublisherWrite> writes;
    try {
      writes = batch.writes();
    } catch (IllegalArgumentException corrupt) {
      LOG.warn("refused an unreadable write batch from {}: {}", batch.sessionAddress(), corrupt.getMessage());
      reply.send(new WriteReply(Status.BAD_REQUEST, shards.get(0).status().adoptedEpoch(), corrupt.getMessage()));
      return;
    }
    // Slots are computed once, here; each thread gets its writes already grouped by slot.
    int slotCount = slotCount();
    Map<DataShard, Map<Integer, List<PublisherWrite>>> byShard = new LinkedHashMap<>();
    for (PublisherWrite w : writes) {
      int slot = slotCount == 0 ? -1 : Slots.slotOf(w.dataInfoId(), slotCount);
      byShard.computeIfAbsent(shardOfSlot(slot), s -> new LinkedHashMap<>())
          .computeIfAbsent(slot, s -> new ArrayList<>()).add(w);
    }
    if (byShard.isEmpty()) {
      byShard.put(shards.get(0), Map.of());
    }
    List<CompletableFuture<WriteReply>> parts = new ArrayList<>(byShard.size());
    byShard.forEach((shard, part) -> parts.add(shard.call(() -> shard.service.write(batch, part))));
    CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenRun(() -> {
      WriteReply answer = parts.get(0).join();
      for (CompletableFuture<WriteReply> part : parts) {
        if (part.join().status() != Status.OK) {
          answer = part.join();
          break;
        }
      }
      reply.send(answer);
    });
  }

  @Override
  public void sync(SlotSync sync, Reply reply) {
    DataShard shard = shardOfSlot(sync.slot());
    shard.call(() -> shard.service.sync(sync)).thenAccept(reply::send);
  }

  @Override
  public void read(DatumQuery query, Peer from, Reply reply) {
    DataShard shard = shardOf(query.dataInfoId());
    shard.call(() -> shard.service.read(query, from)).thenAccept(reply::send);
  }

  @Override
  public void unwatch(DatumUnwatch unwatch, Peer from) {
    shards.forEach(shard -> shard.execute(() -> shard.notifier.unwatch(from, unwatch.dataInfoIds())));
  }

  @Override
  public void closed(Peer peer) {
    shards.forEach(shard -> shard.execute(() -> shard.notifier.closed(peer)));
  }

  @Override
  public void replicate(ReplicaAppend append, Reply reply) {
    DataShard shard = shardOfSlot(append.slot());
    shard.call(() -> shard.service.replicate(append)).thenAccept(reply::send);
  }

  @Override
  public void replicate(ReplicaBatch batch, Reply reply) {
    List<ReplicaAppend> appends;
    try {
      appends = batch.appends();
    } catch (IllegalArgumentException corrupt) {
      LOG.warn("refused an unreadable replica batch: {}", corrupt.getMessage());
      reply.send(new ReplicaBatchReply(List.of()));
      return;
    }
    // Steps of one slot stay in order: they all go to the one thread that owns the slot.
    Map<DataShard, List<Integer>> positions = new LinkedHashMap<>();
    for (int i = 0; i < appends.size(); i++) {
      positions.computeIfAbsent(shardOfSlot(appends.get(i).slot()), s -> new ArrayList<>()).add(i);
    }
    ReplicaReply[] replies = new ReplicaReply[appends.size()];
    List<CompletableFuture<Void>> parts = new ArrayList<>(positions.size());
    positions.forEach((shard, at) -> {
      List<ReplicaAppend> mine = new ArrayList<>(at.size());
      at.forEach(i -> mine.add(appends.get(i)));
      parts.add(shard.call(() -> shard.service.replicate(mine)).thenAccept(answers -> {
        for (int k = 0; k < at.size(); k++) {
          replies[at.get(k)] = answers.get(k); // each slot of the array is written by one thread once
        }
      }));
    });
    // allOf completes after every part's thenAccept, so every reply is visible here.
    CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenRun(() -> reply.send(new ReplicaBatchReply(List.of(replies))));
  }

  @Override
  public void digest(ReplicaDigestQuery query, Reply reply) {
    DataShard shard = shardOfSlot(query.slot());
    shard.call(() -> shard.service.digest(query)).thenAccept(reply::send);
  }

  /** The slot count of the tables the threads adopted; 0 before any. */
  private int slotCount() {
    return shards.get(0).status().slotCount();
  }

  private DataShard shardOf(String dataInfoId) {
    int slotCount = slotCount();
    return slotCount == 0 || dataInfoId == null ? shards.get(0) : shardOfSlot(Slots.slotOf(dataInfoId, slotCount));
  }

  private DataShard shardOfSlot(int slot) {
    return shards.get(SlotMap.threadOf(slot, slotCount(), shards.size()));
  }
}
