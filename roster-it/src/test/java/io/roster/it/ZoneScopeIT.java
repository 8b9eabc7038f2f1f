package io.roster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.roster.it.support.Closer;
import io.roster.it.support.DataIds;
import io.roster.it.support.Http;
import io.roster.it.support.OfficialClient;
import io.roster.it.support.Sub;
import io.roster.testkit.LocalCluster;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two sessions bound to two zones: zone-aware bootstrap and zone vs dataCenter scope. */
class ZoneScopeIT {

  static final String ZONE_A = "ZONE_A";
  static final String ZONE_B = "ZONE_B";

  @TempDir
  static Path root;

  static LocalCluster cluster;

  final Closer closer = new Closer();

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.builder(root).datas(1).sessions(2).sessionZones(ZONE_A, ZONE_B)
        .start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void closeClients() {
    closer.closeAll();
  }

  OfficialClient client(String zone) {
    // Every client bootstraps from session 0's HTTP port; the answer depends on its zone.
    return closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).zone(zone).build());
  }

  @Test
  void serverQueryAnswersTheSessionsOfTheClientsZone() {
    for (int s = 0; s < 2; s++) {
      int httpPort = cluster.sessionHttpPort(s);
      assertThat(sessions(httpPort, ZONE_A)).as("zone A via session %s", s)
          .containsExactly(cluster.sessionBoltAddress(0));
      assertThat(sessions(httpPort, ZONE_B)).as("zone B via session %s", s)
          .containsExactly(cluster.sessionBoltAddress(1));
      assertThat(sessions(httpPort, "NO_SUCH_ZONE"))
          .as("a zone without sessions falls back to every session")
          .containsExactlyInAnyOrder(cluster.sessionBoltAddress(0), cluster.sessionBoltAddress(1));
    }
  }

  @Test
  void clientsConnectToASessionOfTheirZone() {
    OfficialClient a = client(ZONE_A);
    OfficialClient b = client(ZONE_B);
    a.publish(DataIds.unique("connect-a"), "x");
    b.publish(DataIds.unique("connect-b"), "y");

    assertThat(a.awaitConnectedPort()).isEqualTo(cluster.sessionBoltPort(0));
    assertThat(b.awaitConnectedPort()).isEqualTo(cluster.sessionBoltPort(1));
  }

  @Test
  void zoneScopeSeesOwnZoneAndDataCenterScopeSeesAllZones() {
    String dataId = DataIds.unique("scopes");
    OfficialClient clientA = client(ZONE_A);
    OfficialClient clientB = client(ZONE_B);
    clientA.publish(dataId, "a-provider");
    clientB.publish(dataId, "b-provider");

    Sub dcFromA = clientA.subscribe(dataId, ScopeEnum.dataCenter);
    dcFromA.awaitValues("a-provider", "b-provider");
    assertThat(dcFromA.recorder().latest().orElseThrow().zone(ZONE_A)).containsExactly("a-provider");
    assertThat(dcFromA.recorder().latest().orElseThrow().zone(ZONE_B)).containsExactly("b-provider");
    assertThat(dcFromA.peekZones()).containsEntry(ZONE_A, List.of("a-provider"))
        .containsEntry(ZONE_B, List.of("b-provider"));

    Sub globalFromB = clientB.subscribe(dataId, ScopeEnum.global);
    globalFromB.awaitValues("a-provider", "b-provider");

    // Both publishers are in data now (the dataCenter view proves it): zone scope must filter.
    Sub zoneFromA = clientA.subscribe(dataId, ScopeEnum.zone);
    zoneFromA.awaitValues("a-provider");
    Sub zoneFromB = clientB.subscribe(dataId, ScopeEnum.zone);
    zoneFromB.awaitValues("b-provider");
    assertThat(zoneFromA.recorder().history())
        .as("a zone-scoped subscriber never sees another zone")
        .noneMatch(v -> v.values().contains("b-provider"));
  }

  @Test
  void zoneScopeFollowsChangesInOwnZoneOnly() {
    String dataId = DataIds.unique("scope-changes");
    OfficialClient clientA = client(ZONE_A);
    OfficialClient clientB = client(ZONE_B);
    Sub zoneFromA = clientA.subscribe(dataId, ScopeEnum.zone);
    Sub dcFromA = clientA.subscribe(dataId, ScopeEnum.dataCenter);
    zoneFromA.awaitEmpty();

    clientB.publish(dataId, "b1");
    dcFromA.awaitValues("b1");
    clientA.publish(dataId, "a1");
    dcFromA.awaitValues("a1", "b1");
    zoneFromA.awaitValues("a1");
  }

  static List<String> sessions(int httpPort, String zone) {
    Http.Answer answer = Http.get(httpPort, "/api/servers/query?env=&zone=" + zone
        + "&dataCenter=DefaultDataCenter&appName=roster-it&instanceId=");
    assertThat(answer.status()).as("GET /api/servers/query: %s", answer.body()).isEqualTo(200);
    Set<String> parts = Arrays.stream(answer.body().trim().split(";"))
        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    return List.copyOf(parts);
  }
}
