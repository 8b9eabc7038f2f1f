package io.roster.data.accept;

import io.roster.protocol.data.DatumQuery;
import io.roster.protocol.data.DatumUnwatch;
import io.roster.protocol.data.ReplicaAppend;
import io.roster.protocol.data.ReplicaBatch;
import io.roster.protocol.data.ReplicaDigestQuery;
import io.roster.protocol.data.SessionHello;
import io.roster.protocol.data.SlotSync;
import io.roster.protocol.data.WriteBatch;
import io.roster.remoting.BoltServer;
import io.roster.remoting.ConnectionListener;
import io.roster.remoting.Peer;
import io.roster.remoting.RequestHandler.Reply;

/**
 * The data node's bolt surface: sessions' requests, and replication from the slot leaders. Each
 * handler runs on a bolt I/O thread and passes the decoded request to the {@link Service}, which
 * hands it on to the store thread (or threads) owning the slots it names and answers through the
 * {@link Reply} when they are done.
 */
public final class DataEndpoints {

  /** Called on bolt I/O threads: must only route the request and answer later. */
  public interface Service {
    void hello(Peer from, SessionHello hello, Reply reply);

    void write(WriteBatch batch, Reply reply);

    void sync(SlotSync sync, Reply reply);

    void read(DatumQuery query, Peer from, Reply reply);

    void unwatch(DatumUnwatch unwatch, Peer from);

    void closed(Peer peer);

    void replicate(ReplicaAppend append, Reply reply);

    void replicate(ReplicaBatch batch, Reply reply);

    void digest(ReplicaDigestQuery query, Reply reply);
  }

  private DataEndpoints() {}

  public static void bind(BoltServer server, Service service) {
    server.handle(SessionHello.class, (hello, from, reply) -> service.hello(from, hello, reply));
    server.handle(WriteBatch.class, (batch, from, reply) -> service.write(batch, reply));
    server.handle(SlotSync.class, (sync, from, reply) -> service.sync(sync, reply));
    server.handle(DatumQuery.class, (query, from, reply) -> service.read(query, from, reply));
    server.handle(DatumUnwatch.class, (unwatch, from, reply) -> service.unwatch(unwatch, from));
    server.handle(ReplicaAppend.class, (append, from, reply) -> service.replicate(append, reply));
    server.handle(ReplicaBatch.class, (batch, from, reply) -> service.replicate(batch, reply));
    server.handle(ReplicaDigestQuery.class, (query, from, reply) -> service.digest(query, reply));
    server.listen(new ConnectionListener() {
      @Override
      public void closed(Peer peer) {
        service.closed(peer);
      }
    });
  }
}
