package io.roster.session.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roster.remoting.NamedThreads;
import io.roster.remoting.testing.FakePeer;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientLivenessTest {

  private final ScheduledExecutorService thread = NamedThreads.owner("test-liveness");
  private static final AtomicInteger IDS = new AtomicInteger();
  private final ClientLiveness liveness = new ClientLiveness(thread, Duration.ofMillis(20), 2);

  @AfterEach
  void stop() {
    thread.shutdownNow();
  }

  @Test
  void silentPeerIsClosedAfterMissedHeartbeats() {
    FakePeer silent = new FakePeer("p" + IDS.incrementAndGet(), false, false);
    liveness.opened(silent);
    liveness.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> silent.closed());
    assertThat(silent.pings.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void answeringPeerStaysOpen() {
    FakePeer healthy = new FakePeer("p" + IDS.incrementAndGet(), true, false);
    liveness.opened(healthy);
    liveness.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> healthy.pings.get() >= 10);
    assertThat(healthy.closed()).isFalse();
  }

  @Test
  void busyPeerThatMissesAcksButKeepsTalkingStaysOpen() {
    FakePeer busy = new FakePeer("p" + IDS.incrementAndGet(), false, true);
    liveness.opened(busy);
    liveness.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> busy.pings.get() >= 10);
    assertThat(busy.closed()).isFalse();
  }

  @Test
  void massSilenceOfRegisteredClientsClosesNothing() {
    java.util.List<FakePeer> silent = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      FakePeer peer = new FakePeer("p" + IDS.incrementAndGet(), false, false);
      silent.add(peer);
      liveness.opened(peer);
      liveness.registered(peer);
    }
    FakePeer healthy = new FakePeer("p" + IDS.incrementAndGet(), true, false);
    liveness.opened(healthy);
    liveness.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> silent.get(0).pings.get() >= 6);
    assertThat(silent).noneMatch(FakePeer::closed);
    assertThat(healthy.closed()).isFalse();
  }

  @Test
  void connectionsThatNeverRegisteredAreClosedEvenWhenMostAreSilent() {
    // ATTACKS.md "Broke 6": idle sockets made the mass-silence rule hold back every close.
    java.util.List<FakePeer> idle = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      FakePeer peer = new FakePeer("p" + IDS.incrementAndGet(), false, false);
      idle.add(peer);
      liveness.opened(peer);
    }
    FakePeer healthy = new FakePeer("p" + IDS.incrementAndGet(), true, false);
    liveness.opened(healthy);
    liveness.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> idle.stream().allMatch(FakePeer::closed));
    assertThat(healthy.closed()).isFalse();
  }

  @Test
  void idleSocketsAreClosedWhileASilentMassOfRegisteredClientsIsHeldBack() {
    java.util.List<FakePeer> clients = new java.util.ArrayList<>();
    java.util.List<FakePeer> idle = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      FakePeer client = new FakePeer("p" + IDS.incrementAndGet(), false, false);
      clients.add(client);
      // Registration may be reported before bolt's connect event reaches liveness.
      liveness.registered(client);
      liveness.opened(client);
    }
    for (int i = 0; i < 40; i++) {
      FakePeer peer = new FakePeer("p" + IDS.incrementAndGet(), false, false);
      idle.add(peer);
      liveness.opened(peer);
    }
    liveness.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> idle.stream().allMatch(FakePeer::closed));
    await().atMost(Duration.ofSeconds(5)).until(() -> clients.get(0).pings.get() >= 6);
    assertThat(clients).noneMatch(FakePeer::closed);
  }

  @Test
  void aFewSilentRegisteredClientsAmongManyHealthyOnesAreClosed() {
    java.util.List<FakePeer> healthy = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      FakePeer peer = new FakePeer("p" + IDS.incrementAndGet(), true, false);
      healthy.add(peer);
      liveness.opened(peer);
      liveness.registered(peer);
    }
    FakePeer frozen = new FakePeer("p" + IDS.incrementAndGet(), false, false);
    liveness.opened(frozen);
    liveness.registered(frozen);
    liveness.start();
    await().atMost(Duration.ofSeconds(5)).until(frozen::closed);
    assertThat(healthy).noneMatch(FakePeer::closed);
  }

  @Test
  void closedConnectionIsNoLongerPinged() {
    FakePeer peer = new FakePeer("p" + IDS.incrementAndGet(), true, false);
    liveness.opened(peer);
    liveness.closed(peer);
    liveness.start();
    FakePeer other = new FakePeer("p" + IDS.incrementAndGet(), true, false);
    liveness.opened(other);
    await().atMost(Duration.ofSeconds(5)).until(() -> other.pings.get() >= 3);
    assertThat(peer.pings.get()).isZero();
  }
}
