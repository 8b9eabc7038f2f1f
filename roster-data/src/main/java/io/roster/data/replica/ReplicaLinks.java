package io.roster.data.replica;

import io.roster.remoting.BoltClient;
import io.roster.remoting.link.ClusterLinks;
import io.roster.remoting.NamedThreads;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-to-data links a slot leader replicates over: one bolt connection per follower node.
 *
 * <p>The store thread sends and must never block on a dial, so {@link #send} only uses a link that
 * is already up; when there is none it fails at once and a dial starts on the
 * {@code data-replica-dial} thread. The failure makes the slot catch that follower up again later,
 * by which time the link is normally up. Answers complete on bolt's callback threads; callers hand
 * them back to the store thread.
 */
public final class ReplicaLinks implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaLinks.class);
  static final int CONNECT_TIMEOUT_MILLIS = 1000;
  static final int REQUEST_TIMEOUT_MILLIS = 3000;

  private final BoltClient client;
  private final ExecutorService dialer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "data-replica-dial");
    t.setDaemon(true);
    return t;
  });
  private final Set<String> dialing = ConcurrentHashMap.newKeySet();

  /** @param links the cluster secret (and TLS) the followers' ports ask for */
  public ReplicaLinks(ClusterLinks links) {
    this.client = BoltClient.forMembers(CONNECT_TIMEOUT_MILLIS, links, "data replicator");
  }

  public void start() {
    client.start();
  }

  /** Sends over the link to {@code address}; fails at once, and dials, when it is not up. */
  public CompletableFuture<Object> send(String address, Object message) {
    if (dialing.contains(address)) {
      // Asking bolt for a connection still being made logs a warning per call; fail quietly.
      return CompletableFuture.failedFuture(new IllegalStateException("still dialing " + address));
    }
    CompletableFuture<Object> answer = client.invokeIfConnected(address, message, REQUEST_TIMEOUT_MILLIS);
    if (answer.isCompletedExceptionally()) {
      dial(address);
    }
    return answer;
  }

  private void dial(String address) {
    if (!dialing.add(address)) {
      return;
    }
    NamedThreads.handOff(dialer, () -> {
      try {
        client.connect(address);
      } catch (Exception e) {
        LOG.debug("cannot reach data node {} to replicate to: {}", address, e.toString());
      } finally {
        dialing.remove(address);
      }
    });
  }

  @Override
  public void close() {
    dialer.shutdownNow();
    client.close();
  }
}
