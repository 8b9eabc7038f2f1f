package io.roster.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.it.support.CheckedClients;
import io.roster.it.support.ChildJvm;
import io.roster.it.support.ClusterProbes;
import io.roster.it.support.FaultRig;
import io.roster.it.support.PublisherProcess;
import io.roster.testkit.Await;
import io.roster.testkit.ConvergenceChecker;
import io.roster.testkit.ProcessCluster;
import io.roster.testkit.ProcessNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-node faults on real processes ({@link ProcessCluster}), driven by the official client, and
 * judged by the {@link ConvergenceChecker}: nothing lost, no ghost, and no push that lacked a live
 * publisher, at any time during the fault.
 */
class DataFailoverIT {

  private static final Duration CONVERGED = Duration.ofSeconds(60);

  /** Kept when a test fails: every node's log is under it. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @RegisterExtension
  final FaultRig rig = new FaultRig();

  @Test
  void killingTheDataNodeThatLeadsMostSlotsLosesNothingAndNeverPushesAnIncompleteList() {
    ProcessCluster cluster = rig.closer.add(ProcessCluster.builder(dir).datas(3).sessions(2).replicas(2)
        .dataLease(Duration.ofSeconds(3)).start());
    List<String> dataIds = dataIds("kill-data", 8);
    subscribe(cluster, dataIds, 4);
    publish(cluster, dataIds, 4, "before");
    rig.checker.awaitConverged(CONVERGED);

    assertThat(rig.checker.incompletePushes()).as("before the kill; logs in %s", dir).isEmpty();
    int victim = ClusterProbes.leaderOfMostSlots(cluster);
    cluster.data(victim).kill9();
    // Registrations keep arriving while the slots move.
    publish(cluster, dataIds, 2, "during");

    rig.checker.awaitConverged(CONVERGED);
    assertThat(rig.checker.incompletePushes()).as("logs in %s", dir).isEmpty();
    assertThat(rig.checker.viewCount()).isPositive();
  }

  @Test
  void aDataNodeFrozenPastItsLeaseLeavesNoGhostWhenItIsPromotedLater() {
    ProcessCluster cluster = rig.closer.add(ProcessCluster.builder(dir).datas(2).sessions(2).replicas(2)
        .dataLease(Duration.ofSeconds(3)).start());
    List<String> dataIds = dataIds("frozen-data", 4);
    subscribe(cluster, dataIds, 2);
    publish(cluster, dataIds, 2, "live");
    List<ChildJvm> victims = new ArrayList<>();
    for (String dataId : dataIds) {
      String value = "victim-" + dataId;
      rig.checker.published(dataId, value);
      ChildJvm victim = rig.closer.add(ChildJvm.start(PublisherProcess.class, "127.0.0.1",
          String.valueOf(cluster.sessionHttpPort(0)), dataId, value));
      victims.add(victim);
    }
    victims.forEach(v -> v.awaitLine("PUBLISHED", Duration.ofSeconds(30)));
    rig.checker.awaitConverged(CONVERGED);

    // X freezes past its lease, so meta gives all its slots to Y; then X comes back.
    ProcessNode x = cluster.data(0);
    x.pause();
    Await.until("data-1 leads every slot", CONVERGED,
        () -> ClusterProbes.dataCount(cluster, 1, "slotsLeading") == 64);
    long yLedAllAt = ClusterProbes.dataCount(cluster, 1, "slotTableEpoch");
    x.resume();
    Await.until("data-0 is back in the table", CONVERGED, () -> {
      long yEpoch = ClusterProbes.dataCount(cluster, 1, "slotTableEpoch");
      return yEpoch > yLedAllAt && ClusterProbes.dataCount(cluster, 0, "slotTableEpoch") == yEpoch;
    });
    // The victims' clients die; then Y is killed, so X serves every slot with what it held.
    for (int i = 0; i < victims.size(); i++) {
      rig.checker.retired(dataIds.get(i), "victim-" + dataIds.get(i));
      victims.get(i).kill9();
    }
    rig.checker.awaitConverged(CONVERGED);
    cluster.data(1).kill9();

    rig.checker.awaitConverged(CONVERGED);
    assertThat(rig.checker.incompletePushes()).isEmpty();
  }

  private List<String> dataIds(String prefix, int n) {
    return CheckedClients.dataIds(prefix, n);
  }

  /** {@code n} subscriber clients, alternating between the two sessions, each on every dataId. */
  private void subscribe(ProcessCluster cluster, Collection<String> dataIds, int n) {
    for (int c = 0; c < n; c++) {
      rig.clients.subscriber(cluster.sessionHttpPort(c % 2), dataIds);
    }
  }

  /** {@code n} publisher clients, alternating between the sessions, one value per dataId each. */
  private void publish(ProcessCluster cluster, Collection<String> dataIds, int n, String tag) {
    for (int c = 0; c < n; c++) {
      rig.clients.publisher(cluster.sessionHttpPort(c % 2), dataIds, tag + "-" + c);
    }
  }
}
