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
 * <p>Self-preservation: when more than half of the connections (and more than a handful) go
 * silent at once, the likelier cause is this session being overloaded, not its clients dying
 * together; it then closes none of them and says so, rather than take a mass of publishers
 * offline.
 * Owned by one thread ({@code session-liveness}); connection events are handed to it.
 */
public final class ClientLiveness implements ConnectionListener {

  private static final Logger LOG = LoggerFactory.getLogger(ClientLiveness.class);
  /** Below this many silent clients, each is judged on its own. */
  private static final int MASS_SILENCE_FLOOR = 10;

  private final ScheduledExecutorService thread;
  private final long intervalMillis;
  private final int maxMisses;
  private final Map<String, Tracked> peers = new HashMap<>();
  private int suspects;
  private long heldBack;

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
    submit(() -> peers.put(peer.id(), new Tracked(peer)));
  }

  @Override
  public void closed(Peer peer) {
    submit(() -> {
      Tracked gone = peers.remove(peer.id());
      if (gone != null && gone.misses > 0) {
        suspects--;
      }
    });
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
      if (tracked.misses > 0) {
        suspects--;
      }
      tracked.misses = 0;
      return;
    }
    if (tracked.misses++ == 0) {
      suspects++;
    }
    if (tracked.misses < maxMisses || !peers.containsKey(tracked.peer.id())) {
      return;
    }
    if (suspects > Math.max(MASS_SILENCE_FLOOR, peers.size() / 2)) {
      if (heldBack++ % 1000 == 0) {
        LOG.warn("{} of {} clients are silent at once; assuming this session is overloaded and "
            + "closing none of them", suspects, peers.size());
      }
      return;
    }
    peers.remove(tracked.peer.id());
    suspects--;
    LOG.warn("client {} missed {} heartbeats in a row; closing its connection",
        tracked.peer.remoteAddress(), tracked.misses);
    tracked.peer.close();
  }

  private static final class Tracked {
    final Peer peer;
    int misses;

    Tracked(Peer peer) {
      this.peer = peer;
    }
  }
}
