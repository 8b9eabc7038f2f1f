package io.roster.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.it.support.CheckedClients;
import io.roster.it.support.ClusterProbes;
import io.roster.it.support.FaultRig;
import io.roster.testkit.Await;
import io.roster.testkit.ConvergenceChecker;
import io.roster.testkit.ProcessCluster;
import io.roster.testkit.ProcessNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meta, session and membership faults on real processes, driven by the official client and judged
 * by the {@link ConvergenceChecker}: once the fault is over every view is exactly the live
 * publishers, and no push during it lacked a live publisher its subscriber had already seen.
 */
class ClusterFaultsIT {

  private static final Duration CONVERGED = Duration.ofSeconds(60);

  /** Kept when a test fails: every node's log is under it. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @RegisterExtension
  final FaultRig rig = new FaultRig();

  @Test
  void killingTheMetaLeaderDuringRegistrationsKeepsPublishAndSubscribeWorking() {
    ProcessCluster cluster = rig.closer.add(ProcessCluster.builder(dir).metas(3).datas(2).sessions(2).start());
    List<String> dataIds = CheckedClients.dataIds("kill-meta", 4);
    rig.clients.subscriber(cluster.sessionHttpPort(0), dataIds);
    rig.clients.subscriber(cluster.sessionHttpPort(1), dataIds);
    rig.clients.publisher(cluster.sessionHttpPort(0), dataIds, "before");
    rig.checker.awaitConverged(CONVERGED);

    int leader = ClusterProbes.metaLeader(cluster);
    cluster.meta(leader).kill9();
    rig.clients.publisher(cluster.sessionHttpPort(1), dataIds, "during");
    Await.until("a new meta leader", CONVERGED, () -> ClusterProbes.metaLeader(cluster) != leader);
    List<String> later = CheckedClients.dataIds("after-meta-kill", 2);
    rig.clients.subscriber(cluster.sessionHttpPort(1), later);
    rig.clients.publisher(cluster.sessionHttpPort(0), later, "after");

    rig.checker.awaitConverged(CONVERGED);
    assertThat(rig.checker.incompletePushes()).as("logs in %s", dir).isEmpty();
  }

  @Test
  void killingASessionMovesItsClientsToTheOtherWithoutAnyVanishing() {
    ProcessCluster cluster = rig.closer.add(ProcessCluster.builder(dir).datas(2).sessions(2).start());
    awaitSessionsListEachOther(cluster);
    List<String> dataIds = CheckedClients.dataIds("kill-session", 4);
    rig.clients.subscriber(cluster.sessionHttpPort(0), dataIds);
    rig.clients.subscriber(cluster.sessionHttpPort(1), dataIds);
    rig.clients.publisher(cluster.sessionHttpPort(0), dataIds, "on-0");
    rig.clients.publisher(cluster.sessionHttpPort(1), dataIds, "on-1");
    rig.checker.awaitConverged(CONVERGED);

    cluster.session(0).kill9();

    rig.checker.awaitConverged(CONVERGED);
    assertThat(rig.checker.incompletePushes()).as("logs in %s", dir).isEmpty();
  }

  @Test
  void addingADataNodeAndStoppingAnotherWithSigtermRebalancesWithoutLoss() {
    ProcessCluster cluster = rig.closer.add(ProcessCluster.builder(dir).datas(2).sessions(2).start());
    List<String> dataIds = CheckedClients.dataIds("rebalance", 6);
    rig.clients.subscriber(cluster.sessionHttpPort(0), dataIds);
    rig.clients.subscriber(cluster.sessionHttpPort(1), dataIds);
    rig.clients.publisher(cluster.sessionHttpPort(0), dataIds, "p0");
    rig.clients.publisher(cluster.sessionHttpPort(1), dataIds, "p1");
    rig.checker.awaitConverged(CONVERGED);

    ProcessNode added = cluster.addData();
    Await.until("the new data node leads its share of slots", CONVERGED,
        () -> ClusterProbes.slotsLeading(cluster, 2) >= 64 / 3);
    rig.clients.publisher(cluster.sessionHttpPort(0), dataIds, "p2");
    rig.checker.awaitConverged(CONVERGED);
    String stopped = cluster.dataAddress(0);
    cluster.data(0).terminate();
    // A graceful stop hands its slots off before the process exits: by then no slot names it.
    assertThat(slotsText(cluster)).as("the table once data-0 has exited").doesNotContain(stopped);
    Await.until("the two left lead every slot", CONVERGED,
        () -> ClusterProbes.slotsLeading(cluster, 1) + ClusterProbes.slotsLeading(cluster, 2) == 64);

    rig.checker.awaitConverged(CONVERGED);
    assertThat(added.running()).isTrue();
    assertThat(rig.checker.incompletePushes()).as("logs in %s", dir).isEmpty();
  }

  @Test
  void restartingEveryMetaNodeKeepsTheSlotTable() {
    ProcessCluster cluster = rig.closer.add(ProcessCluster.builder(dir).metas(3).datas(2).sessions(1).start());
    Await.until("a balanced table", CONVERGED,
        () -> ClusterProbes.slotsLeading(cluster, 0) == 32 && ClusterProbes.slotsLeading(cluster, 1) == 32);
    String before = slotsText(cluster);

    cluster.metas().forEach(ProcessNode::kill9);
    cluster.metas().forEach(ProcessNode::launch);
    cluster.metas().forEach(m -> m.awaitReady(cluster.startTimeout()));

    Await.until("a meta leader again", CONVERGED, () -> ClusterProbes.metaLeader(cluster) >= 0);
    assertThat(slotsText(cluster)).isEqualTo(before);
  }

  /** The committed table: placement and epochs, without the followers' live catch-up state. */
  private static String slotsText(ProcessCluster cluster) {
    int leader = ClusterProbes.metaLeader(cluster);
    return ProcessCluster.httpGet(cluster.metaHttpPort(leader), "/api/meta/slots?format=text")
        .replaceAll(" behind=\\S*", "");
  }

  private static void awaitSessionsListEachOther(ProcessCluster cluster) {
    Await.until("both sessions listed", CONVERGED, () -> ClusterProbes.sessionsListed(cluster, 0) == 2);
  }
}
