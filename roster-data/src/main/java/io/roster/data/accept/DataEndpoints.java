package io.roster.data.accept;

import io.roster.protocol.data.DatumQuery;
import io.roster.protocol.data.DatumUnwatch;
import io.roster.protocol.data.DatumReply;
import io.roster.protocol.data.HelloReply;
import io.roster.protocol.data.ReplicaAppend;
import io.roster.protocol.data.ReplicaBatch;
import io.roster.protocol.data.ReplicaBatchReply;
import io.roster.protocol.data.ReplicaDigest;
import io.roster.protocol.data.ReplicaDigestQuery;
import io.roster.protocol.data.ReplicaReply;
import io.roster.protocol.data.SessionHello;
import io.roster.protocol.data.SlotSync;
import io.roster.protocol.data.WriteBatch;
import io.roster.protocol.data.WriteReply;
import io.roster.remoting.BoltServer;
import io.roster.remoting.ConnectionListener;
import io.roster.remoting.NamedThreads;
import io.roster.remoting.Peer;
import java.util.concurrent.Executor;

/**
 * The data node's bolt surface: sessions' requests, and replication from the slot leaders. Each handler runs on a bolt I/O thread and does one thing: hand
 * the decoded request to the store thread, which answers.
 */
public final class DataEndpoints {

  /** The store-thread operations the endpoints call. */
  public interface Service {
    HelloReply hello(Peer from, SessionHello hello);

    WriteReply write(WriteBatch batch);

    WriteReply sync(SlotSync sync);

    DatumReply read(DatumQuery query, Peer from);

    void unwatch(DatumUnwatch unwatch, Peer from);

    void closed(Peer peer);

    ReplicaReply replicate(ReplicaAppend append);

    ReplicaBatchReply replicate(ReplicaBatch batch);

    ReplicaDigest digest(ReplicaDigestQuery query);
  }

  private DataEndpoints() {}

  public static void bind(BoltServer server, Service service, Executor storeThread) {
    server.handle(SessionHello.class, (hello, from, reply) ->
        submit(storeThread, () -> reply.send(service.hello(from, hello))));
    server.handle(WriteBatch.class, (batch, from, reply) ->
        submit(storeThread, () -> reply.send(service.write(batch))));
    server.handle(SlotSync.class, (sync, from, reply) ->
        submit(storeThread, () -> reply.send(service.sync(sync))));
    server.handle(DatumQuery.class, (query, from, reply) ->
        submit(storeThread, () -> reply.send(service.read(query, from))));
    server.handle(DatumUnwatch.class, (unwatch, from, reply) ->
        submit(storeThread, () -> service.unwatch(unwatch, from)));
    server.handle(ReplicaAppend.class, (append, from, reply) ->
        submit(storeThread, () -> reply.send(service.replicate(append))));
    server.handle(ReplicaBatch.class, (batch, from, reply) ->
        submit(storeThread, () -> reply.send(service.replicate(batch))));
    server.handle(ReplicaDigestQuery.class, (query, from, reply) ->
        submit(storeThread, () -> reply.send(service.digest(query))));
    server.listen(new ConnectionListener() {
      @Override
      public void closed(Peer peer) {
        submit(storeThread, () -> service.closed(peer));
      }
    });
  }

  private static void submit(Executor executor, Runnable task) {
    NamedThreads.handOff(executor, task);
  }
}
