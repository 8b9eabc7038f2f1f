package io.roster.session.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roster.remoting.NamedThreads;
import io.roster.remoting.Peer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientLivenessTest {

  private final ScheduledExecutorService thread = NamedThreads.owner("test-liveness");
  private final ClientLiveness liveness = new ClientLiveness(thread, Duration.ofMillis(20), 2);

  @AfterEach
  void stop() {
    thread.shutdownNow();
  }

  @Test
  void silentPeerIsClosedAfterMissedHeartbeats() {
    ScriptedPeer silent = new ScriptedPeer(false, false);
    liveness.opened(silent);
    liveness.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> silent.closed);
    assertThat(silent.pings.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void answeringPeerStaysOpen() {
    ScriptedPeer healthy = new ScriptedPeer(true, false);
    liveness.opened(healthy);
    liveness.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> healthy.pings.get() >= 10);
    assertThat(healthy.closed).isFalse();
  }

  @Test
  void busyPeerThatMissesAcksButKeepsTalkingStaysOpen() {
    ScriptedPeer busy = new ScriptedPeer(false, true);
    liveness.opened(busy);
    liveness.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> busy.pings.get() >= 10);
    assertThat(busy.closed).isFalse();
  }

  @Test
  void massSilenceClosesNothing() {
    java.util.List<ScriptedPeer> silent = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ScriptedPeer peer = new ScriptedPeer(false, false);
      silent.add(peer);
      liveness.opened(peer);
    }
    ScriptedPeer healthy = new ScriptedPeer(true, false);
    liveness.opened(healthy);
    liveness.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> silent.get(0).pings.get() >= 6);
    assertThat(silent).noneMatch(p -> p.closed);
    assertThat(healthy.closed).isFalse();
  }

  @Test
  void closedConnectionIsNoLongerPinged() {
    ScriptedPeer peer = new ScriptedPeer(true, false);
    liveness.opened(peer);
    liveness.closed(peer);
    liveness.start();
    ScriptedPeer other = new ScriptedPeer(true, false);
    liveness.opened(other);
    await().atMost(Duration.ofSeconds(5)).until(() -> other.pings.get() >= 3);
    assertThat(peer.pings.get()).isZero();
  }

  /** Answers pings as scripted; a "talking" peer sends something right after each ping. */
  private static final class ScriptedPeer implements Peer {
    private static final AtomicInteger IDS = new AtomicInteger();
    final String id = "peer-" + IDS.incrementAndGet();
    final boolean acks;
    final boolean talks;
    final AtomicInteger pings = new AtomicInteger();
    volatile boolean closed;
    volatile long lastHeard;

    ScriptedPeer(boolean acks, boolean talks) {
      this.acks = acks;
      this.talks = talks;
    }

    @Override
    public CompletableFuture<Boolean> ping(int timeoutMillis) {
      pings.incrementAndGet();
      if (talks) {
        lastHeard = System.nanoTime() + 1;
      }
      return CompletableFuture.completedFuture(acks);
    }

    @Override
    public long lastHeardNanos() {
      return lastHeard;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String remoteAddress() {
      return id;
    }

    @Override
    public String remoteIp() {
      return "127.0.0.1";
    }

    @Override
    public boolean isOpen() {
      return !closed;
    }

    @Override
    public CompletableFuture<Object> invoke(Object request, int timeoutMillis) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public boolean oneway(Object message) {
      return false;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
