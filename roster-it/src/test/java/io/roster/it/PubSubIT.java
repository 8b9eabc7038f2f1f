package io.roster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.roster.it.support.Closer;
import io.roster.it.support.DataIds;
import io.roster.it.support.OfficialClient;
import io.roster.it.support.Sub;
import io.roster.it.support.ViewRecorder;
import io.roster.testkit.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publish/subscribe through the unmodified official client against one cluster (1 meta, 2 data,
 * 1 session) shared by every test of the class; each test uses its own dataIds.
 */
class PubSubIT {

  @TempDir
  static Path root;

  static LocalCluster cluster;

  final Closer closer = new Closer();

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.builder(root).metas(1).datas(2).sessions(1).start();
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

  OfficialClient client() {
    return client(OfficialClient.to(cluster.sessionHttpPort(0)));
  }

  OfficialClient client(OfficialClient.Builder builder) {
    return closer.add(builder.build());
  }

  @Test
  void publishThenSubscribe() {
    String dataId = DataIds.unique("pub-then-sub");
    Publisher publisher = client().publish(dataId, "10.0.0.1:12200?weight=100");
    OfficialClient.awaitAcked(publisher);

    Sub sub = client().subscribe(dataId);

    sub.awaitValues("10.0.0.1:12200?weight=100");
  }

  @Test
  void subscribeThenPublishFirstGetsAnEmptyPush() {
    String dataId = DataIds.unique("sub-then-pub");
    OfficialClient subscriberClient = client();
    Sub sub = subscriberClient.subscribe(dataId);

    // A new subscriber gets a first push even though nothing is published: the client counts
    // "no push yet" and "an empty list" as different states.
    ViewRecorder.View first = sub.recorder().await("first push", v -> true);
    assertThat(first.values()).as("first push of a never-published dataId").isEmpty();
    assertThat(sub.peekValues()).isEmpty();

    client().publish(dataId, "10.0.0.2:12200");

    sub.awaitValues("10.0.0.2:12200");
    assertThat(sub.recorder().history().get(0).values())
        .as("the very first view the observer got").isEmpty();
  }

  @Test
  void twoClientsPublishingOneDataIdAreBothSeen() {
    String dataId = DataIds.unique("two-publishers");
    client().publish(dataId, "10.0.0.3:1");
    client().publish(dataId, "10.0.0.4:1");

    Sub sub = client().subscribe(dataId);

    sub.awaitValues("10.0.0.3:1", "10.0.0.4:1");
  }

  @Test
  void republishReplacesTheValueForAnExistingSubscriber() {
    String dataId = DataIds.unique("republish-existing");
    Publisher publisher = client().publish(dataId, "v1");
    Sub sub = client().subscribe(dataId);
    sub.awaitValues("v1");

    publisher.republish("v2");

    sub.awaitValues("v2");
  }

  @Test
  void republishReplacesTheValueForALateSubscriber() {
    String dataId = DataIds.unique("republish-late");
    Publisher publisher = client().publish(dataId, "v1");
    Sub early = client().subscribe(dataId);
    early.awaitValues("v1");
    publisher.republish("v2");
    early.awaitValues("v2");

    // v2 has reached data (early's push came from there): a subscriber arriving now must never
    // be shown the replaced value.
    Sub late = client().subscribe(dataId);

    late.awaitValues("v2");
    assertThat(late.recorder().history())
        .as("views of the late subscriber")
        .noneMatch(v -> v.values().contains("v1"));
  }

  @Test
  void unregisterRemovesThePublisher() {
    String dataId = DataIds.unique("unregister");
    OfficialClient publisherClient = client();
    Publisher stays = publisherClient.publish(dataId, "stays");
    Publisher leaves = client().publish(dataId, "leaves");
    Sub sub = client().subscribe(dataId);
    sub.awaitValues("leaves", "stays");

    leaves.unregister();

    sub.awaitValues("stays");
    stays.unregister();
    sub.awaitEmpty();
  }

  @Test
  void groupsAreIsolated() {
    String dataId = DataIds.unique("groups");
    OfficialClient publishers = client();
    publishers.publish(dataId, r -> r.setGroup("G1"), "g1-value");
    publishers.publish(dataId, r -> r.setGroup("G2"), "g2-value");
    OfficialClient subscribers = client();

    Sub g2 = subscribers.subscribe(dataId, r -> r.setGroup("G2"));
    g2.awaitValues("g2-value");
    // g2-value has reached data now, so had the groups leaked, G1's view would contain it.
    Sub g1 = subscribers.subscribe(dataId, r -> r.setGroup("G1"));
    g1.awaitValues("g1-value");
    Sub defaultGroup = subscribers.subscribe(dataId);
    defaultGroup.awaitEmpty();

    g2.assertValues("g2-value");
  }

  @Test
  void instanceIdsAreIsolated() {
    String dataId = DataIds.unique("instances");
    OfficialClient instA = client(OfficialClient.to(cluster.sessionHttpPort(0))
        .instanceId("INSTANCE_A"));
    OfficialClient instB = client(OfficialClient.to(cluster.sessionHttpPort(0))
        .instanceId("INSTANCE_B"));
    instA.publish(dataId, "a-value");
    instB.publish(dataId, "b-value");

    Sub subB = instB.subscribe(dataId);
    subB.awaitValues("b-value");
    Sub subA = instA.subscribe(dataId);
    subA.awaitValues("a-value");
    Sub subDefault = client().subscribe(dataId);
    subDefault.awaitEmpty();

    subB.assertValues("b-value");
  }

  /**
   * The zone is the client's, carried in every registration: clients of two zones on one
   * session. A zone-scoped subscriber sees its own zone only; dataCenter scope sees both, keyed
   * by zone. (Neither zone has a session of its own, so /api/servers/query must fall back to
   * every session, or these clients would never connect.)
   */
  @Test
  void zoneCarriedInRegistrationsDecidesZoneScope() {
    String dataId = DataIds.unique("client-zones");
    OfficialClient zoneX = client(OfficialClient.to(cluster.sessionHttpPort(0)).zone("ZONE_X"));
    OfficialClient zoneY = client(OfficialClient.to(cluster.sessionHttpPort(0)).zone("ZONE_Y"));
    zoneX.publish(dataId, "x-value");
    zoneY.publish(dataId, "y-value");

    Sub dataCenterScope = zoneX.subscribe(dataId, ScopeEnum.dataCenter);
    dataCenterScope.awaitValues("x-value", "y-value");
    assertThat(dataCenterScope.recorder().latest().orElseThrow().zoneData())
        .as("dataCenter scope is keyed by zone")
        .containsEntry("ZONE_X", List.of("x-value"))
        .containsEntry("ZONE_Y", List.of("y-value"));

    Sub zoneScope = zoneX.subscribe(dataId, ScopeEnum.zone);
    zoneScope.awaitValues("x-value");
    Sub zoneScopeY = zoneY.subscribe(dataId, ScopeEnum.zone);
    zoneScopeY.awaitValues("y-value");
  }

  @Test
  void twoHundredDataIdsAreAllSeen() {
    String prefix = DataIds.unique("many");
    int n = 200;
    OfficialClient publisherClient = client();
    for (int i = 0; i < n; i++) {
      publisherClient.publish(prefix + "." + i, "value-" + i);
    }
    OfficialClient subscriberClient = client();
    List<Sub> subs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      subs.add(subscriberClient.subscribe(prefix + "." + i));
    }

    await("all " + n + " subscribers hold their value").atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> {
          List<String> wrong = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            Sub s = subs.get(i);
            List<String> seen = s.recorder().latest().map(ViewRecorder.View::values).orElse(null);
            if (!List.of("value-" + i).equals(seen)) {
              wrong.add(i + "=" + seen);
            }
          }
          assertThat(wrong).as("dataIds whose subscriber view is wrong").isEmpty();
        });
    for (int i = 0; i < n; i++) {
      assertThat(subs.get(i).peekValues()).as("peekData of #%s", i).containsExactly("value-" + i);
    }
  }

  /**
   * With a 1 s SyncConfig interval the client syncs (dataCenter, zone) soon after start and then
   * filters every view by the session's availableSegments. A wrong segment list blanks the views
   * at that moment, which the default 30 s interval would hide from every other test.
   */
  @Test
  void viewsStayIntactAcrossSyncConfig() {
    String dataId = DataIds.unique("sync-config");
    OfficialClient.Builder fastSync = OfficialClient.to(cluster.sessionHttpPort(0))
        .syncConfigRetryInterval(1000);
    client(fastSync).publish(dataId, "kept");
    Sub sub = client(fastSync).subscribe(dataId);
    sub.awaitValues("kept");

    // The client applies availableSegments to a subscriber at the first SyncConfig after that
    // subscriber's first push; observe that it happened rather than sleeping.
    await("a SyncConfig applied to the subscriber").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> sub.availableSegments() != null && !sub.availableSegments().isEmpty());
    assertThat(sub.availableSegments())
        .as("SyncConfigResponse.availableSegments must equal every push's segment")
        .containsExactly(cluster.dataCenter());
    sub.assertValues("kept");

    await("view stays intact over several SyncConfig cycles")
        .during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> sub.peekValues().equals(List.of("kept"))
            && sub.recorder().latest().map(v -> v.values().equals(List.of("kept")))
                .orElse(false));
    assertThat(sub.peekZones()).containsEntry("DEFAULT_ZONE", List.of("kept"));
    assertThat(sub.recorder().latest().orElseThrow().zoneData())
        .isEqualTo(Map.of("DEFAULT_ZONE", List.of("kept")));
  }
}
