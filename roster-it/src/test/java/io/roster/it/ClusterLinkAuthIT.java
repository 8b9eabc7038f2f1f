package io.roster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alipay.sofa.jraft.rpc.CliRequests;
import com.alipay.sofa.registry.client.api.Publisher;
import io.roster.it.support.Closer;
import io.roster.it.support.DataIds;
import io.roster.it.support.OfficialClient;
import io.roster.it.support.Sub;
import io.roster.it.support.ViewRecorder;
import io.roster.protocol.NodeRole;
import io.roster.protocol.data.DatumQuery;
import io.roster.protocol.data.SessionHello;
import io.roster.protocol.data.WriteBatch;
import io.roster.protocol.meta.NodeHeartbeat;
import io.roster.remoting.BoltClient;
import io.roster.remoting.link.ClusterKey;
import io.roster.testkit.Await;
import io.roster.testkit.LocalCluster;
import io.roster.testkit.ProcessCluster;
import io.roster.testkit.ProcessNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nobody outside the cluster speaks as a member of it (ATTACKS.md, "Broke" 1 and 2): forged
 * heartbeats to meta, session and replica traffic to data and raft CLI requests, sent without the
 * cluster secret, are refused and change nothing that the official clients see. The last test
 * runs real processes: the cluster works with its secret, and a node holding another is refused.
 */
class ClusterLinkAuthIT {

  @TempDir
  static Path root;

  static LocalCluster cluster;

  final Closer closer = new Closer();

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.builder(root.resolve("local")).metas(1).datas(1).sessions(1).start();
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

  @Test
  void forgedHeartbeatsToMetaAreRefusedAndChangeNothing() throws Exception {
    Published published = publishTen("forged-heartbeat");
    BoltClient stranger = closer.add(new BoltClient(1000));
    stranger.start();
    String meta = cluster.metaBoltAddress();
    String zone = cluster.sessionZone(0);

    List<NodeHeartbeat> forged = List.of(
        new NodeHeartbeat(NodeRole.SESSION, "6.6.6.6:9600", zone, 1, 0),
        new NodeHeartbeat(NodeRole.DATA, "127.0.0.1:1", zone, 1, 0),
        // the real session's address under a new incarnation: once dropped all its publishers
        new NodeHeartbeat(NodeRole.SESSION, cluster.sessionBoltAddress(0), zone, Long.MAX_VALUE, 0));
    for (NodeHeartbeat heartbeat : forged) {
      assertThatThrownBy(() -> stranger.invoke(meta, heartbeat, 1000).get(5, TimeUnit.SECONDS))
          .as("%s sent without the cluster secret", heartbeat).isNotNull();
    }

    String nodes = get(cluster.metaHttpPort(0), "/api/meta/nodes");
    assertThat(nodes).doesNotContain("6.6.6.6").doesNotContain("127.0.0.1:1\"")
        .doesNotContain(String.valueOf(Long.MAX_VALUE));
    assertThat(get(cluster.sessionHttpPort(0), "/api/servers/query")).doesNotContain("6.6.6.6");
    published.stillWhole();
  }

  @Test
  void requestsToDataWithoutTheSecretAreRefused() throws Exception {
    Published published = publishTen("forged-data");
    BoltClient stranger = closer.add(new BoltClient(1000));
    stranger.start();
    String data = "127.0.0.1:" + cluster.dataBoltPort(0);
    String session = cluster.sessionBoltAddress(0);

    List<Object> forged = List.of(
        new SessionHello(session, Long.MAX_VALUE),
        new WriteBatch(session, Long.MAX_VALUE, Map.of(), List.of()),
        new DatumQuery(published.dataInfoId(), 0));
    for (Object request : forged) {
      assertThatThrownBy(() -> stranger.invoke(data, request, 1000).get(5, TimeUnit.SECONDS))
          .as("%s sent without the cluster secret", request).isNotNull();
    }
    published.stillWhole();
  }

  @Test
  void raftCliRequestsWithoutTheSecretAreRefused() throws Exception {
    Published published = publishTen("forged-raft");
    String raft = "127.0.0.1:" + cluster.meta(0).raftPort();
    com.alipay.remoting.rpc.RpcClient stranger = new com.alipay.remoting.rpc.RpcClient();
    stranger.startup();
    try {
      CliRequests.ResetPeerRequest reset = CliRequests.ResetPeerRequest.newBuilder()
          .setGroupId("roster-meta").setPeerId(raft).addNewPeers("127.0.0.1:1").build();
      assertThatThrownBy(() -> stranger.invokeSync(raft, reset, 2000))
          .as("a raft resetPeers sent without the cluster secret").isNotNull();
    } finally {
      stranger.shutdown();
    }
    assertThat(get(cluster.metaHttpPort(0), "/api/meta/leader?format=json")).contains("\"self\":true");
    published.stillWhole();
    // and the group still commits: a new publisher is seen
    published.subscriberSeesANewOne();
  }

  @Test
  void aProcessClusterWorksWithItsSecretAndRefusesANodeHoldingAnother() throws Exception {
    try (ProcessCluster real = ProcessCluster.builder(root.resolve("processes")).metas(1).datas(1)
        .sessions(1).start()) {
      OfficialClient client = closer.add(OfficialClient.to(real.sessionHttpPort(0)).build());
      String dataId = DataIds.unique("secret-process");
      OfficialClient.awaitAcked(client.publish(dataId, "10.0.0.1:12200"));
      client.subscribe(dataId).awaitValues("10.0.0.1:12200");

      Path otherSecret = root.resolve("other.secret");
      ClusterKey.generate(otherSecret);
      ProcessNode impostor = real.launchDataWithSecret(otherSecret);
      try {
        try {
          Await.until("the node with another secret gives up its link to meta",
              Duration.ofSeconds(30), () -> logOf(impostor).contains("does not hold this cluster's secret"));
        } catch (Await.Timeout e) {
          throw new AssertionError(e.getMessage() + "; its log:\n" + logOf(impostor), e);
        }
        assertThat(impostor.running()).as("it keeps retrying, unready").isTrue();
        String dataNodes = ProcessCluster.httpGet(real.metaHttpPort(0), "/api/meta/nodes?role=data");
        assertThat(dataNodes.split("\"address\"", -1)).as("only the real data node in %s", dataNodes)
            .hasSize(2);
      } finally {
        impostor.kill9();
      }
    }
  }

  private static String logOf(ProcessNode node) {
    try {
      return Files.readString(node.out()) + Files.readString(node.log());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String get(int port, String path) {
    return ProcessCluster.httpGet(port, path);
  }

  /** Ten publishers of one dataId, and a subscriber of it that saw them all. */
  private Published publishTen(String name) {
    String dataId = DataIds.unique(name);
    OfficialClient publisher = closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build());
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String value = "10.0.0." + i + ":12200";
      values.add(value);
      OfficialClient.awaitAcked(publisher.publish(dataId, value));
    }
    OfficialClient subscriber = closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build());
    Sub sub = subscriber.subscribe(dataId);
    sub.awaitValues(values.toArray(String[]::new));
    return new Published(dataId, values, publisher, sub, sub.recorder().history().size());
  }

  /** {@code whole}: the subscriber's views up to the one showing all ten. */
  private record Published(String dataId, List<String> values, OfficialClient publisher, Sub sub,
      int whole) {

    String dataInfoId() {
      return dataId + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
    }

    /** No push since the subscriber saw all ten lacked any of them, and it still sees them. */
    void stillWhole() {
      List<ViewRecorder.View> views = sub.recorder().history();
      assertThat(views.subList(whole, views.size())).allSatisfy(view ->
          assertThat(view.values()).containsExactlyInAnyOrderElementsOf(values));
      sub.assertValues(values.toArray(String[]::new));
    }

    void subscriberSeesANewOne() {
      Publisher extra = publisher.publish(dataId, "10.0.0.99:12200");
      OfficialClient.awaitAcked(extra);
      List<String> more = new ArrayList<>(values);
      more.add("10.0.0.99:12200");
      sub.awaitValues(more.toArray(String[]::new));
    }
  }
}
