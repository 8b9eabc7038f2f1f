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
 * Two faults that overlap: a session is stopped and restarted, and the data node leading most
 * slots is killed before that session's clients have re-registered. The restarted session holds
 * none of their publishers, so the new leaders' takeover sync cannot bring them back: only the
 * followers' replicas can, together with the grace every data node gives a restarted session's
 * old publishers. Before replication it failed (p0 and p2 missing from both subscribers' views).
 */
class SessionThenDataFaultIT {

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @RegisterExtension
  final FaultRig rig = new FaultRig();

  @Test
  void aDataLeaderKilledWhileASessionsClientsReconnectLosesNothing() {
    ProcessCluster cluster = rig.closer.add(ProcessCluster.builder(dir).metas(1).datas(3).sessions(2)
        .replicas(2).slots(64).start());
    Await.until("both sessions listed", Duration.ofSeconds(60),
        () -> ClusterProbes.sessionsListed(cluster, 0) == 2);
    List<String> dataIds = CheckedClients.dataIds("dbl", 16);
    rig.clients.subscriber(cluster.sessionHttpPort(0), dataIds);
    rig.clients.subscriber(cluster.sessionHttpPort(1), dataIds);
    for (int i = 0; i < 6; i++) {
      rig.clients.publisher(cluster.sessionHttpPort(i % 2), dataIds, "p" + i);
    }
    rig.checker.awaitConverged(Duration.ofSeconds(60));
    Await.until("every replica caught up", Duration.ofSeconds(60), () -> ClusterProbes.settled(cluster, 64));
    cluster.session(1).terminate();
    cluster.session(1).restart(cluster.startTimeout());
    cluster.data(Math.max(0, ClusterProbes.leaderOfMostSlots(cluster))).kill9();
    rig.checker.awaitConverged(Duration.ofSeconds(60));
    assertThat(rig.checker.incompletePushes()).isEmpty();
  }
}
