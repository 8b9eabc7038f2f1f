package io.roster.session.liveness;

import io.roster.remoting.ConnectionListener;
import io.roster.remoting.NamedThreads;
import io.roster.remoting.Peer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds half-open client connections: a host that died or froze without sending FIN. The kernel
 * of a frozen process still ACKs TCP, and the official client sends its own heartbeat only after
 * 15 s of idleness, so the session pings every client itself and closes a connection after
 * {@code maxMisses} pings in a row go unanswered while nothing else arrived from it either.
 * Closing it triggers the normal client-off.
 *
 * <p>Self-preservation: when more than half of the clients (and more than a handful) go silent at
 * once, the likelier cause is this session being overloaded, not its clients dying together; it
 * then closes none of them and says so, rather than take a mass of publishers offline. Only
 * connections that registered something (a publisher, subscriber or watcher) count as clients
 * here and are protected by the rule: a connection that never registered has nothing to take
 * offline, so it is judged on its own and closed after its misses whatever the others do, and
 * idle or slowloris sockets cannot switch the rule on from outside.
 * Owned by one thread ({@code session-liveness}); connection and registration events are handed
 * to it.
 */
public final class ClientLiveness implements ConnectionListener {

  private static final Logger LOG = LoggerFactory.getLogger(ClientLiveness.class);
  /** Below this many silent clients, each is judged on its own. */
  private static final int MASS_SILENCE_FLOOR = 10;

  private final ScheduledExecutorService thread;
  private final long intervalMillis;
  private final int maxMisses;
  private final Map<String, Tracked> peers = new HashMap<>();
  /** Tracked connections that registered something. */
  private int clients;
  /** Of those, the ones whose last ping went unanswered. */
  private int suspects;
  private long heldBack;
  /** Connections closed that had registered nothing: counted, logged once per 1,000. */
  private long unregisteredClosed;

  public ClientLiveness(ScheduledExecutorService thread, Duration interval, int maxMisses) {
    this.thread = thread;
    this.intervalMillis = interval.toMillis();
    this.maxMisses = maxMisses;
  }

  public void start() {
    thread.scheduleWithFixedDelay(this::pingAll, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void opened(Peer peer) {
    submit(() -> peers.putIfAbsent(peer.id(), new Tracked(peer)));
  }

  /**
   * The connection registered something (told by the registry thread or an I/O thread; may come
   * before {@link #opened}, which bolt reports on another thread).
   */
  public void registered(Peer peer) {
    submit(() -> {
      Tracked tracked = peers.get(peer.id());
      if (tracked == null) {
        if (!peer.isOpen()) {
          return; // closed before this arrived: nothing to watch
        }
        tracked = new Tracked(peer);
        peers.put(peer.id(), tracked);
      }
      if (tracked.peer != peer || tracked.registered) {
        return;
      }
      tracked.registered = true;
      clients++;
      if (tracked.misses > 0) {
        suspects++;
      }
    });
  }

  @Override
  public void closed(Peer peer) {
    submit(() -> {
      Tracked gone = peers.get(peer.id());
      if (gone != null && gone.peer == peer) {
        forget(gone);
      }
    });
  }

  private void forget(Tracked tracked) {
    peers.remove(tracked.peer.id());
    if (tracked.registered) {
      clients--;
      if (tracked.misses > 0) {
        suspects--;
      }
    }
  }

  private void submit(Runnable task) {
    NamedThreads.handOff(thread, task); // refused only while the session stops
  }

  private void pingAll() {
    // Half an interval: rounds never overlap, and with the defaults (5 s, 2 misses) a frozen
    // client is closed at most 5 + 5 + 2.5 = 12.5 s after it froze.
    int timeout = (int) Math.max(100, intervalMillis / 2);
    for (Tracked tracked : peers.values()) {
      long sentAt = System.nanoTime();
      tracked.peer.ping(timeout).thenAcceptAsync(acked -> answered(tracked, acked, sentAt), thread);
    }
  }

  private void answered(Tracked tracked, boolean acked, long sentAt) {
    if (peers.get(tracked.peer.id()) != tracked) {
      return; // closed while the ping was out
    }
    // A client that sent anything since the ping went out is alive, merely busy: its heartbeat
    // ack can queue behind a burst of work, and closing it would take its publishers offline.
    if (acked || tracked.peer.lastHeardNanos() - sentAt > 0) {
      if (tracked.misses > 0 && tracked.registered) {
        suspects--;
      }
      tracked.misses = 0;
      return;
    }
    if (tracked.misses++ == 0 && tracked.registered) {
      suspects++;
    }
    if (tracked.misses < maxMisses) {
      return;
    }
    if (tracked.registered && suspects > Math.max(MASS_SILENCE_FLOOR, clients / 2)) {
      if (heldBack++ % 1000 == 0) {
        LOG.warn("{} of {} clients are silent at once; assuming this session is overloaded and "
            + "closing none of them", suspects, clients);
      }
      return;
    }
    forget(tracked);
    if (tracked.registered) {
      LOG.warn("client {} missed {} heartbeats in a row; closing its connection",
          tracked.peer.remoteAddress(), tracked.misses);
    } else {
      unregisteredClosed++;
      if (unregisteredClosed % 1000 == 1) {
        LOG.info("closed a connection from {} that registered nothing and missed {} heartbeats"
            + " ({} such closes so far)", tracked.peer.remoteAddress(), tracked.misses, unregisteredClosed);
      }
    }
    tracked.peer.close();
  }

  private static final class Tracked {
    final Peer peer;
    int misses;
    boolean registered;

    Tracked(Peer peer) {
      this.peer = peer;
    }
  }
}
