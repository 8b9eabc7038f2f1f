package io.roster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.Publisher;
import io.roster.it.support.Closer;
import io.roster.it.support.DataIds;
import io.roster.it.support.Http;
import io.roster.it.support.OfficialClient;
import io.roster.it.support.Sub;
import io.roster.testkit.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The testkit's own contract, and that a cluster keeps serving across node restarts. */
class LocalClusterIT {

  @TempDir
  Path root;

  LocalCluster cluster;
  final Closer closer = new Closer();

  @BeforeEach
  void start() {
    cluster = LocalCluster.builder(root).metas(1).datas(2).sessions(2).start();
  }

  @AfterEach
  void stop() {
    try {
      closer.closeAll();
    } finally {
      cluster.close();
    }
  }

  @Test
  void everyNodeIsReadyOnItsOwnEphemeralPorts() {
    assertThat(cluster.notReady()).isEmpty();
    List<Integer> ports = List.of(cluster.metaBoltPort(0), cluster.metaHttpPort(0),
        cluster.dataBoltPort(0), cluster.dataHttpPort(0), cluster.dataBoltPort(1),
        cluster.dataHttpPort(1), cluster.sessionBoltPort(0), cluster.sessionHttpPort(0),
        cluster.sessionBoltPort(1), cluster.sessionHttpPort(1));
    assertThat(ports).allMatch(p -> p > 0 && p != 9600 && p != 9603);
    Set<Integer> distinct = new HashSet<>(ports);
    assertThat(distinct).hasSameSizeAs(ports);
    assertThat(cluster.metaBoltAddress()).isEqualTo("127.0.0.1:" + cluster.metaBoltPort(0));
    assertThat(cluster.sessionIndexOfBoltPort(cluster.sessionBoltPort(1))).isEqualTo(1);
  }

  @Test
  void restartedSessionComesBackOnTheSamePorts() {
    int bolt = cluster.sessionBoltPort(1);
    int http = cluster.sessionHttpPort(1);

    cluster.stopSession(1);
    assertThat(cluster.isSessionRunning(1)).isFalse();
    assertThat(cluster.sessionBoltPort(1)).as("ports stay readable while stopped").isEqualTo(bolt);

    cluster.restartSession(1);
    assertThat(cluster.isSessionRunning(1)).isTrue();
    assertThat(cluster.sessionBoltPort(1)).isEqualTo(bolt);
    assertThat(cluster.sessionHttpPort(1)).isEqualTo(http);
    assertThat(Http.get(http, "/health/check").status()).isEqualTo(200);

    String dataId = DataIds.unique("after-session-restart");
    closer.add(OfficialClient.to(http).build()).publish(dataId, "p");
    closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build()).subscribe(dataId)
        .awaitValues("p");
  }

  /** With 2 replicas, one data node going away loses no publisher. */
  @Test
  void publishersSurviveADataNodeStopAndRestart() {
    String dataId = DataIds.unique("data-restart");
    OfficialClient publisherClient = closer.add(OfficialClient.to(cluster.sessionHttpPort(0))
        .build());
    Publisher before = publisherClient.publish(dataId, "before");
    Sub sub = closer.add(OfficialClient.to(cluster.sessionHttpPort(1)).build()).subscribe(dataId);
    sub.awaitValues("before");

    cluster.stopData(0);
    publisherClient.publish(dataId, "while-down");
    sub.awaitValues(Duration.ofSeconds(20), "before", "while-down");

    cluster.restartData(0);
    cluster.awaitReady();
    before.republish("after");
    sub.awaitValues(Duration.ofSeconds(20), "after", "while-down");
  }
}
