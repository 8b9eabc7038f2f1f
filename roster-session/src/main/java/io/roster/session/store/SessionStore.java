package io.roster.session.store;

import io.roster.model.Slots;
import io.roster.model.Ticker;
import io.roster.model.registid.RegistIdTable;
import io.roster.protocol.data.PayloadCodec;
import io.roster.protocol.data.OwnerDigests;
import io.roster.protocol.data.PublisherWrite;
import io.roster.protocol.data.PublisherWrite.Kind;
import io.roster.remoting.Peer;
import io.roster.session.store.Registration.Pub;
import io.roster.session.store.Registration.Sub;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every registration made on this session, by connection.
 *
 * <p>One thread (the session's registry thread) owns it. It applies the ownership rules of
 * DESIGN.md §3 before anything leaves the session, and tells its {@link Sink} what follows:
 * <ul>
 *   <li>registrations of one registId are ordered by client version; an older one is ignored;
 *   <li>an equal version on another connection takes the registration over (a reconnected client);
 *   <li>a connection close removes only what that connection still owns;
 *   <li>an unregister leaves a tombstone, so a late register with an older version stays dead;
 *   <li>a registration from a connection that is already closed is refused.
 * </ul>
 */
public final class SessionStore {

  /** Where the consequences of a registration go. Called on the registry thread. */
  public interface Sink {
    void forward(PublisherWrite write);

    void subscriberAdded(Sub sub, Peer peer);

    void subscriberRemoved(Sub sub);
  }

  private final Sink sink;
  private final Ticker ticker;
  private final int maxPublishersPerConnection;
  private final long tombstoneTtlNanos;
  private final Map<String, Connection> connections = new HashMap<>();
  private final RegistIdTable<Pub> pubs = new RegistIdTable<>(1024);
  private final Map<String, Sub> subs = new HashMap<>();
  private final Map<String, Long> tombstones = new HashMap<>();
  private final ArrayDeque<Expiry> expiries = new ArrayDeque<>();

  public SessionStore(Sink sink, Ticker ticker, int maxPublishersPerConnection, long tombstoneTtlNanos) {
    this.sink = sink;
    this.ticker = ticker;
    this.maxPublishersPerConnection = maxPublishersPerConnection;
    this.tombstoneTtlNanos = tombstoneTtlNanos;
  }

  public RegisterOutcome publish(Pub pub, Peer peer) {
    if (!peer.isOpen()) {
      return RegisterOutcome.refuse("connection already closed");
    }
    if (buriedAt(pub.registId(), pub.version())) {
      return RegisterOutcome.STALE;
    }
    Connection conn = connection(peer);
    Pub existing = pubs.get(pub);
    if (existing != null) {
      if (pub.version() < existing.version()
          || (pub.version() == existing.version() && existing.connectId().equals(conn.id))) {
        return RegisterOutcome.STALE;
      }
      ownerOf(existing.connectId()).pubs.removeExactly(existing);
    } else if (conn.pubs.size() >= maxPublishersPerConnection) {
      return RegisterOutcome.refuse("connection already has " + conn.pubs.size()
          + " publishers, the limit is " + maxPublishersPerConnection);
    }
    pubs.put(pub);
    conn.pubs.put(pub);
    sink.forward(write(Kind.PUT, pub));
    return RegisterOutcome.APPLIED;
  }

  public RegisterOutcome unpublish(String registId, String dataInfoId, long version, Peer peer) {
    bury(registId, version);
    Pub existing = pubs.get(registId);
    if (existing != null && existing.version() <= version) {
      pubs.removeExactly(existing);
      ownerOf(existing.connectId()).pubs.removeExactly(existing);
    }
    sink.forward(new PublisherWrite(Kind.UNREGISTER, dataInfoId, registId, peer.id(), version,
        ticker.currentTimeMillis(), null, null, PayloadCodec.EMPTY));
    return RegisterOutcome.APPLIED;
  }

  public RegisterOutcome subscribe(Sub sub, Peer peer) {
    if (!peer.isOpen()) {
      return RegisterOutcome.refuse("connection already closed");
    }
    if (buriedAt(sub.registId(), sub.version())) {
      return RegisterOutcome.STALE;
    }
    Connection conn = connection(peer);
    Sub existing = subs.get(sub.registId());
    if (existing != null) {
      if (sub.version() < existing.version()
          || (sub.version() == existing.version() && existing.connectId().equals(conn.id))) {
        return RegisterOutcome.STALE;
      }
      ownerOf(existing.connectId()).subIds.remove(existing.registId());
      sink.subscriberRemoved(existing);
    }
    subs.put(sub.registId(), sub);
    conn.subIds.add(sub.registId());
    sink.subscriberAdded(sub, peer);
    return RegisterOutcome.APPLIED;
  }

  public RegisterOutcome unsubscribe(String registId, long version) {
    bury(registId, version);
    Sub existing = subs.get(registId);
    if (existing != null && existing.version() <= version) {
      subs.remove(registId);
      ownerOf(existing.connectId()).subIds.remove(registId);
      sink.subscriberRemoved(existing);
    }
    return RegisterOutcome.APPLIED;
  }

  /** Client off: everything the connection still owns goes, at once. */
  public void connectionClosed(Peer peer) {
    Connection conn = connections.remove(peer.id());
    if (conn == null) {
      return;
    }
    conn.pubs.forEach(pub -> {
      if (pubs.removeExactly(pub)) {
        sink.forward(write(Kind.CLIENT_OFF, pub));
      }
    });
    for (String registId : conn.subIds) {
      Sub sub = subs.remove(registId);
      if (sub != null) {
        sink.subscriberRemoved(sub);
      }
    }
  }

  /**
   * Every publisher held here in the given slots, as PUT writes by slot (an empty list for a slot
   * with none): what a slot sync sends. One pass over all publishers, however many slots.
   */
  public Map<Integer, List<PublisherWrite>> putsBySlot(Set<Integer> slots, int slotCount) {
    Map<Integer, List<PublisherWrite>> bySlot = new HashMap<>();
    slots.forEach(slot -> bySlot.put(slot, new ArrayList<>()));
    pubs.forEach(pub -> {
      List<PublisherWrite> writes = bySlot.get(Slots.slotOf(pub.dataInfoId(), slotCount));
      if (writes != null) {
        writes.add(write(Kind.PUT, pub));
      }
    });
    return bySlot;
  }

  /**
   * Per requested slot, {count, sum of owner hashes} of the publishers held here: what this
   * session compares with a slot leader's {@link OwnerDigests}. One pass over all publishers.
   */
  public Map<Integer, long[]> digestsBySlot(Set<Integer> slots, int slotCount) {
    Map<Integer, long[]> bySlot = new HashMap<>();
    slots.forEach(slot -> bySlot.put(slot, new long[2]));
    pubs.forEach(pub -> {
      long[] digest = bySlot.get(Slots.slotOf(pub.dataInfoId(), slotCount));
      if (digest != null) {
        digest[0]++;
        digest[1] += OwnerDigests.hashOf(pub.registId(), pub.connectId(), pub.version(), pub.receivedAtMillis());
      }
    });
    return bySlot;
  }

  public int publisherCount() {
    return pubs.size();
  }

  public int subscriberCount() {
    return subs.size();
  }

  public int connectionCount() {
    return connections.size();
  }

  /** Forgets tombstones older than the TTL. Called now and then by the owner thread. */
  public void expireTombstones() {
    long now = ticker.nanoTime();
    while (!expiries.isEmpty() && expiries.peekFirst().deadlineNanos - now <= 0) {
      Expiry due = expiries.pollFirst();
      tombstones.remove(due.registId, due.version);
    }
  }

  private boolean buriedAt(String registId, long version) {
    Long tombstone = tombstones.get(registId);
    return tombstone != null && version <= tombstone;
  }

  private void bury(String registId, long version) {
    Long tombstone = tombstones.get(registId);
    if (tombstone == null || tombstone < version) {
      tombstones.put(registId, version);
      expiries.addLast(new Expiry(ticker.nanoTime() + tombstoneTtlNanos, registId, version));
    }
  }

  private Connection connection(Peer peer) {
    return connections.computeIfAbsent(peer.id(), Connection::new);
  }

  /** The owner's record, or a detached one when that connection is already gone. */
  private Connection ownerOf(String connectId) {
    Connection conn = connections.get(connectId);
    return conn != null ? conn : new Connection(connectId);
  }

  private PublisherWrite write(Kind kind, Pub pub) {
    return new PublisherWrite(kind, pub.dataInfoId(), pub.registId(), pub.connectId(),
        pub.version(), pub.receivedAtMillis(), pub.zone(), pub.appName(), pub.payload());
  }

  private static final class Connection {
    final String id;
    final RegistIdTable<Pub> pubs = new RegistIdTable<>();
    final Set<String> subIds = new HashSet<>();

    Connection(String id) {
      this.id = id;
    }
  }

  private record Expiry(long deadlineNanos, String registId, long version) {}
}
