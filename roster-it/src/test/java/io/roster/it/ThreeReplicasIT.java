package io.roster.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.it.support.CheckedClients;
import io.roster.it.support.ClusterProbes;
import io.roster.it.support.FaultRig;
import io.roster.testkit.Await;

import io.roster.testkit.ProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three replicas lose two data nodes, one after the other, and keep everything. Each loss comes
 * right after a session restart, while that session's clients are still re-registering, so their
 * publishers survive only if a follower held a copy: the sessions cannot send them to the new
 * leaders. Between the two losses the cluster re-replicates to the survivors, so the second loss
 * again finds a caught-up follower for every slot.
 */
class ThreeReplicasIT {

  private static final int SLOTS = 64;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @RegisterExtension
  final FaultRig rig = new FaultRig();

  @Test
  void losingTwoDataNodesAtDifferentTimesLosesNoPublisher() {
    ProcessCluster cluster = rig.closer.add(ProcessCluster.builder(dir).metas(1).datas(3).sessions(2)
        .replicas(3).slots(SLOTS).start());
    Await.until("both sessions listed", Duration.ofSeconds(60),
        () -> ClusterProbes.sessionsListed(cluster, 0) == 2);
    List<String> dataIds = CheckedClients.dataIds("three", 16);
    rig.clients.subscriber(cluster.sessionHttpPort(0), dataIds);
    rig.clients.subscriber(cluster.sessionHttpPort(1), dataIds);
    for (int i = 0; i < 6; i++) {
      rig.clients.publisher(cluster.sessionHttpPort(i % 2), dataIds, "p" + i);
    }
    rig.checker.awaitConverged(Duration.ofSeconds(60));

    for (int round = 0; round < 2; round++) {
      Await.until("every replica caught up", Duration.ofSeconds(60), () -> ClusterProbes.settled(cluster, SLOTS));
      cluster.session(1).terminate();
      cluster.session(1).restart(cluster.startTimeout());
      cluster.data(ClusterProbes.leaderOfMostSlots(cluster)).kill9();
      rig.checker.awaitConverged(Duration.ofSeconds(60));
    }

    assertThat(cluster.datas().stream().filter(d -> d.running()).count()).isEqualTo(1);
    assertThat(rig.checker.incompletePushes()).isEmpty();
  }
}
