package io.roster.it;

import static io.roster.it.support.RawRegistrations.REGISTER;
import static io.roster.it.support.RawRegistrations.call;
import static io.roster.it.support.RawRegistrations.describe;
import static io.roster.it.support.RawRegistrations.publisher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.RegisterResponse;
import io.roster.it.support.Closer;
import io.roster.it.support.DataIds;
import io.roster.it.support.OfficialClient;
import io.roster.it.support.Sub;
import io.roster.it.support.ViewRecorder;
import io.roster.remoting.BoltClient;
import io.roster.testkit.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections that drop and come back. After a reconnect the official client re-sends every
 * registration with the same registId and version, possibly to another session; the ownership
 * rules must keep the publisher visible, and a late client-off of the old connection must not
 * delete it. Each test gets its own two-session cluster, because they stop sessions.
 */
class ReconnectIT {

  private static final Logger LOG = LoggerFactory.getLogger(ReconnectIT.class);

  /**
   * Above the client's reconnect time (<= ~6 s: it checks its connection every 500 ms, may first
   * try the dead session and then backs off up to 5 s), so a publisher is never lost to a lease
   * expiring before its client could move.
   */
  static final Duration LEASE = Duration.ofSeconds(8);

  @TempDir
  Path root;

  LocalCluster cluster;
  final Closer closer = new Closer();

  @BeforeEach
  void startCluster() {
    cluster = LocalCluster.builder(root).datas(1).sessions(2).lease(LEASE).start();
  }

  @AfterEach
  void stopCluster() {
    try {
      closer.closeAll();
    } finally {
      cluster.close();
    }
  }

  OfficialClient client() {
    return closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build());
  }

  @Test
  void droppedConnectionReRegistersWithSameRegistIdAndVersion() {
    String dataId = DataIds.unique("drop");
    OfficialClient publisherClient = client();
    Publisher publisher = publisherClient.publish(dataId, "provider:1");
    OfficialClient.awaitAcked(publisher);
    Sub sub = client().subscribe(dataId);
    sub.awaitValues("provider:1");
    String registId = publisher.getRegistId();
    int oldConnection = publisherClient.connectionLocalPort();

    publisherClient.dropConnection();

    // A new connection means the client already reset its registrations (it does so before it
    // installs the connection), so the ack awaited next is the re-registration's.
    await("publisher client reconnected").atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> {
          int now = publisherClient.connectionLocalPort();
          return now > 0 && now != oldConnection;
        });
    OfficialClient.awaitAcked(publisher);
    // Client-off of the old connection may remove it for a moment; the re-registration must
    // bring back exactly one copy, and a late client-off must not take it away again.
    sub.awaitValues(Duration.ofSeconds(15), "provider:1");
    await("view stays [provider:1]").during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> sub.peekValues().equals(java.util.List.of("provider:1")));
    assertThat(publisher.getRegistId()).isEqualTo(registId);
  }

  @Test
  void stoppedSessionsClientsMoveWithoutTheirPublishersGoingOffline() {
    String dataId = DataIds.unique("session-stop");
    OfficialClient publisherClient = client();
    Publisher publisher = publisherClient.publish(dataId, "provider:2");
    OfficialClient.awaitAcked(publisher);
    int victimPort = publisherClient.awaitConnectedPort();
    int victim = cluster.sessionIndexOfBoltPort(victimPort);
    int survivor = 1 - victim;
    assertThat(victim).as("publisher's session").isIn(0, 1);

    Sub sub = subscriberOnSession(survivor, dataId);
    sub.awaitValues("provider:2");
    long before = sub.recorder().lastSeq();

    long stoppedAt = System.nanoTime();
    cluster.stopSession(victim);

    await("publisher client moved to the surviving session").atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> publisherClient.connectedPort() == cluster.sessionBoltPort(survivor));
    OfficialClient.awaitAcked(publisher);
    LOG.info("client moved to session {} after {} ms", survivor,
        (System.nanoTime() - stoppedAt) / 1_000_000);
    sub.awaitValues("provider:2");
    // Outlive the stopped session's lease: once meta evicts it, data drops what that session
    // still owns, which must no longer include the moved publisher.
    await("view keeps provider:2 past the stopped session's lease")
        .during(LEASE.plusSeconds(2)).atMost(LEASE.plusSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> sub.peekValues().equals(java.util.List.of("provider:2")));

    // A graceful session stop is not a mass offline event: the subscriber never lost it.
    assertThat(sub.recorder().history()).filteredOn(v -> v.seq() > before)
        .as("views after the publisher's session stopped")
        .allMatch(v -> v.values().contains("provider:2"));
  }

  @Test
  void lateClientOffOfTheOldConnectionOnAnotherSessionDoesNotDeleteTheMovedPublisher() {
    lateClientOff(0, 1);
  }

  @Test
  void lateClientOffOfTheOldConnectionOnTheSameSessionDoesNotDeleteTheMovedPublisher() {
    lateClientOff(0, 0);
  }

  /**
   * The reconnect as the official client does it, by hand: registId R version 1 on an old
   * connection (to session {@code oldSession}), then the same R and version on a new connection
   * (to {@code newSession}), then the old connection closes. The old connection also carries a
   * marker publisher: its disappearance proves the client-off was processed.
   */
  void lateClientOff(int oldSession, int newSession) {
    String dataId = DataIds.unique("late-client-off");
    String registId = UUID.randomUUID().toString();
    Sub sub = client().subscribe(dataId);

    BoltClient oldConnection = closer.add(new BoltClient(3_000));
    oldConnection.start();
    BoltClient newConnection = closer.add(new BoltClient(3_000));
    newConnection.start();
    String oldAddress = cluster.sessionBoltAddress(oldSession);
    String newAddress = cluster.sessionBoltAddress(newSession);

    accepted(call(oldConnection, oldAddress, publisher(dataId, registId, 1, REGISTER, "moved")));
    accepted(call(oldConnection, oldAddress,
        publisher(dataId, UUID.randomUUID().toString(), 1, REGISTER, "marker")));
    sub.awaitValues("marker", "moved");

    accepted(call(newConnection, newAddress, publisher(dataId, registId, 1, REGISTER, "moved")));
    long before = sub.recorder().lastSeq();
    oldConnection.disconnect(oldAddress);

    ViewRecorder.View afterClientOff = sub.recorder().awaitAny("client-off of the old connection",
        before, v -> !v.values().contains("marker"), Duration.ofSeconds(15));
    assertThat(afterClientOff.values()).as("first view after the old connection's client-off")
        .containsExactly("moved");
    sub.awaitValues("moved");
  }

  Sub subscriberOnSession(int session, String dataId) {
    for (int attempt = 0; attempt < 20; attempt++) {
      OfficialClient candidate = client();
      Sub sub = candidate.subscribe(dataId);
      if (candidate.awaitConnectedPort() == cluster.sessionBoltPort(session)) {
        return sub;
      }
      candidate.close();
    }
    throw new AssertionError("no client landed on session " + session + " in 20 attempts");
  }

  static void accepted(RegisterResponse r) {
    assertThat(r.isSuccess()).as(describe(r)).isTrue();
    assertThat(r.isRefused()).as(describe(r)).isFalse();
  }
}
