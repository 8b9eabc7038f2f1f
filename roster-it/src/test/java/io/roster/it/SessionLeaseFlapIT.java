package io.roster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roster.it.support.CheckedClients;
import io.roster.it.support.FaultRig;
import io.roster.protocol.NodeRole;
import io.roster.protocol.Status;
import io.roster.protocol.meta.HeartbeatReply;
import io.roster.protocol.meta.NodeHeartbeat;
import io.roster.remoting.BoltClient;
import io.roster.testkit.Await;
import io.roster.testkit.LocalCluster;
import io.roster.testkit.ProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session that meta stops holding under its own incarnation while the session itself, its
 * clients and its data connections are fine: a lease flap (its heartbeats to meta cut off past the
 * session lease, as in a long GC pause or a network blip between the two), or a heartbeat with a
 * newer incarnation for its address (forged, ATTACKS.md "Broke 1"). Either way, once the real
 * session heartbeats again, every live publisher must be in every subscriber's view within
 * {@link #BOUND}, with no client reconnecting or republishing.
 *
 * <p>The slot leaders' periodic digest comparison with the sessions (anti-entropy) would repair
 * such a loss eventually; its interval is set far beyond these tests so that only the direct path
 * can bring the publishers back.
 */
class SessionLeaseFlapIT {

  private static final Duration LEASE = Duration.ofSeconds(2);
  /** A few heartbeat intervals (200 ms) plus one sync, with room for a loaded 2-core machine. */
  private static final Duration BOUND = Duration.ofSeconds(5);
  /** The data tier keeps a replaced incarnation's publishers this long (DataService). */
  private static final Duration RESTART_GRACE = Duration.ofSeconds(10);
  private static final int FLAPPED = 0;

  @TempDir
  Path root;

  @RegisterExtension
  final FaultRig rig = new FaultRig();

  private LocalCluster cluster;
  private final List<String> dataIds = CheckedClients.dataIds("flap", 10);

  @BeforeEach
  void start() {
    // One zone per session: a client of a zone connects only to that zone's session.
    cluster = rig.closer.add(LocalCluster.builder(root).datas(2).sessions(2).lease(LEASE)
        .sessionZones("ZONE_A", "ZONE_B").checkInterval(Duration.ofHours(1))
        .severableSessionMetaLinks().start());
    for (int i = 0; i < 2; i++) {
      rig.clients.publisher(cluster.sessionHttpPort(i), cluster.sessionZone(i), dataIds, "p" + i);
      rig.clients.subscriber(cluster.sessionHttpPort(i), cluster.sessionZone(i), dataIds);
    }
    rig.checker.awaitConverged(Duration.ofSeconds(20));
  }

  @Test
  void aSessionWhoseLeaseLapsedWhileItsClientsStayedConnectedGetsEveryPublisherBack() {
    String address = cluster.sessionBoltAddress(FLAPPED);
    long incarnation = committedIncarnation(address);
    assertThat(incarnation).as("meta lists %s before the fault", address).isPositive();

    cluster.cutSessionFromMeta(FLAPPED);
    Await.until("meta evicts " + address, LEASE.multipliedBy(5), () -> committedIncarnation(address) == 0);
    Await.until("the data tier drops its publishers and a subscriber is pushed a view without them",
        Duration.ofSeconds(5), () -> !rig.checker.incompletePushes().isEmpty());

    cluster.reconnectSessionToMeta(FLAPPED);
    Await.until("meta lists " + address + " again", BOUND, () -> committedIncarnation(address) != 0);
    rig.checker.awaitConverged(BOUND);
    assertThat(committedIncarnation(address)).as("the session rejoined as the same process")
        .isEqualTo(incarnation);
  }

  @Test
  void aForgedNewerIncarnationOfALiveSessionLosesNoPublisher() throws Exception {
    String address = cluster.sessionBoltAddress(FLAPPED);
    long real = committedIncarnation(address);
    assertThat(real).as("meta lists %s before the fault", address).isPositive();
    long forged = real + TimeUnit.HOURS.toMillis(1) * 1000; // what a restart an hour later would use

    // The real session's heartbeats are held back while the forgery is sent, so meta and then
    // every data node certainly see the forged incarnation (otherwise the next real heartbeat can
    // undo it before a data node's heartbeat looks); then the real session heartbeats as usual.
    cluster.cutSessionFromMeta(FLAPPED);
    try (BoltClient attacker = BoltClient.forMembers(1000, cluster.clusterKey(), "test")) {
      attacker.start();
      Await.until("meta commits the forged incarnation", BOUND, () -> {
        forge(attacker, address, forged);
        return committedIncarnation(address) == forged;
      });
      // The fault lasts 1 s more (five data heartbeats), forged heartbeats going on meanwhile.
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      Await.until("1 s of forged heartbeats", Duration.ofSeconds(5), () -> {
        forge(attacker, address, forged);
        return System.nanoTime() - end >= 0;
      });
    }
    cluster.reconnectSessionToMeta(FLAPPED);
    Await.until("meta lists the real incarnation again", BOUND, () -> committedIncarnation(address) == real);

    // Past the data tier's restart grace for the incarnation it took as replaced.
    await("every live publisher stays in every view").during(RESTART_GRACE.plusSeconds(2))
        .atMost(RESTART_GRACE.plus(BOUND))
        .until(() -> rig.checker.divergences().isEmpty());
    assertThat(rig.checker.incompletePushes()).as("views that lacked a live publisher").isEmpty();
  }

  @Test
  void aForgedIncarnationHeldPastTheRestartGraceEndsWithEveryPublisherBack() throws Exception {
    String address = cluster.sessionBoltAddress(FLAPPED);
    long real = committedIncarnation(address);
    long forged = real + 1000;

    cluster.cutSessionFromMeta(FLAPPED);
    try (BoltClient attacker = BoltClient.forMembers(1000, cluster.clusterKey(), "test")) {
      attacker.start();
      // Forged heartbeats keep the forged incarnation's lease until the data tier has ended the
      // real one's grace and dropped its publishers.
      Await.until("the data tier drops the real incarnation's publishers",
          RESTART_GRACE.plus(BOUND), () -> {
            forge(attacker, address, forged);
            return !rig.checker.incompletePushes().isEmpty();
          });
    }
    cluster.reconnectSessionToMeta(FLAPPED);
    Await.until("meta lists the real incarnation again", BOUND, () -> committedIncarnation(address) == real);
    rig.checker.awaitConverged(BOUND);
  }

  /** One forged heartbeat for {@code address}, as ATTACKS.md sent it (paced by Await's polling). */
  private void forge(BoltClient attacker, String address, long incarnation) {
    try {
      Object reply = attacker.invoke(cluster.metaBoltAddress(), new NodeHeartbeat(NodeRole.SESSION,
          address, cluster.sessionZone(FLAPPED), incarnation, 0), 2000).get(3, TimeUnit.SECONDS);
      assertThat(reply).isInstanceOfSatisfying(HeartbeatReply.class,
          r -> assertThat(r.status()).isEqualTo(Status.OK));
    } catch (Exception e) {
      throw new IllegalStateException("forged heartbeat failed: " + e, e);
    }
  }

  /** The incarnation meta's committed member list holds for that session address, or 0. */
  private long committedIncarnation(String address) {
    String nodes = ProcessCluster.httpGet(cluster.metaHttpPort(0), "/api/meta/nodes?role=session");
    Matcher m = Pattern.compile("\"address\":\"" + Pattern.quote(address)
        + "\",\"zone\":\"[^\"]*\",\"incarnation\":(\\d+),\"committed\":true").matcher(nodes);
    List<Long> found = new ArrayList<>();
    while (m.find()) {
      found.add(Long.parseLong(m.group(1)));
    }
    assertThat(found).as("committed entries for %s in %s", address, nodes).hasSizeLessThanOrEqualTo(1);
    return found.isEmpty() ? 0 : found.get(0);
  }
}
