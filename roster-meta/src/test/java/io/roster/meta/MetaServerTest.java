package io.roster.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roster.model.SlotTable;
import io.roster.model.Ticker;
import io.roster.protocol.NodeRole;
import io.roster.protocol.Status;
import io.roster.protocol.meta.HeartbeatReply;
import io.roster.protocol.meta.NodeHeartbeat;
import io.roster.protocol.meta.NodeInfo;
import io.roster.remoting.BoltClient;
import io.roster.remoting.link.ClusterKey;
import io.roster.remoting.link.ClusterLinks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One meta node end to end: real raft on port 0, real bolt heartbeats, real HTTP. */
class MetaServerTest {

  private static final Logger LOG = LoggerFactory.getLogger(MetaServerTest.class);
  private static final String DATA = "10.0.0.1:9620";

  @TempDir
  Path dir;

  private final ClusterKey key = ClusterKey.random();
  private final BoltClient client = BoltClient.forMembers(1000, key, "test");
  private final HttpClient http = HttpClient.newHttpClient();
  private MetaServer meta;

  @BeforeEach
  void startClient() {
    client.start();
  }

  @AfterEach
  void stop() {
    client.close();
    if (meta != null) {
      meta.close();
    }
  }

  @Test
  void firstDataNodeLeadsEveryNewSlotAndTheTableSurvivesARestart() throws Exception {
    meta = startReady();
    assertThat(meta.isLeader()).isTrue();
    assertThat(meta.boltPort()).isPositive();
    assertThat(meta.raftPort()).isPositive().isNotEqualTo(meta.boltPort());
    assertThat(meta.httpPort()).isPositive();

    HeartbeatReply first = heartbeat(meta, NodeRole.DATA, DATA, 0);
    assertThat(first.status()).isEqualTo(Status.OK);
    SlotTable table = first.slotTable();
    assertThat(table).isNotNull();
    assertThat(table.epoch()).isPositive();
    assertThat(table.slotCount()).isEqualTo(256);
    assertThat(table.slots()).allSatisfy(slot -> {
      assertThat(slot.leader()).isEqualTo(DATA);
      assertThat(slot.followers()).isEmpty();
    });
    assertThat(first.dataNodes()).extracting(NodeInfo::address).containsExactly(DATA);
    assertThat(first.leaseMillis()).as("a data node is told the data lease").isEqualTo(MetaConfig.DEFAULT_DATA_LEASE.toMillis());

    HeartbeatReply current = heartbeat(meta, NodeRole.DATA, DATA, table.epoch());
    assertThat(current.status()).isEqualTo(Status.OK);
    assertThat(current.slotTable()).isNull();

    meta.close();
    meta = startReady();
    HeartbeatReply afterRestart = heartbeat(meta, NodeRole.DATA, DATA, table.epoch());
    assertThat(afterRestart.status()).isEqualTo(Status.OK);
    assertThat(afterRestart.slotTable()).as("same epoch survives the restart").isNull();
    SlotTable reloaded = heartbeat(meta, NodeRole.DATA, DATA, 0).slotTable();
    assertThat(reloaded.epoch()).isEqualTo(table.epoch());
    assertThat(reloaded.sameAssignment(table)).isTrue();
  }

  @Test
  void sessionsAreListedAndAdminPagesAnswer() throws Exception {
    meta = startReady();
    heartbeat(meta, NodeRole.DATA, DATA, 0);
    HeartbeatReply session = heartbeat(meta, NodeRole.SESSION, "10.0.0.2:9600", 0);
    assertThat(session.sessions()).extracting(NodeInfo::address).containsExactly("10.0.0.2:9600");
    assertThat(session.slotTable()).isNotNull();

    assertThat(get("/health/check")).isEqualTo("200 OK");
    assertThat(get("/api/meta/leader")).isEqualTo("200 127.0.0.1:" + meta.boltPort() + "\n");
    assertThat(get("/api/meta/slots?slot=7")).startsWith("200 {\"epoch\":")
        .containsPattern("\\{\"id\":7,\"leader\":\"" + DATA + "\",\"leaderEpoch\":\\d+,\"followers\":\\[],\"followersBehind\":\\[]}");
    assertThat(get("/api/meta/slots?format=text")).contains("\n255 leader=" + DATA);
    assertThat(get("/api/meta/nodes?role=session")).contains("10.0.0.2:9600").doesNotContain(DATA);
    assertThat(get("/api/meta/slots?slot=256")).startsWith("400 slot must be an integer");
    assertThat(get("/api/meta/nodes?role=client")).startsWith("400 role must be");
    assertThat(get("/api/meta/leader?format=xml")).startsWith("400 format must be");
  }

  @Test
  void nodesTellTheLeadersLiveLeasesFromTheCommittedMembers() throws Exception {
    meta = startReady();
    heartbeat(meta, NodeRole.DATA, DATA, 0);
    assertThat(get("/api/meta/nodes")).startsWith("200 [").containsPattern(
        "\\{\"role\":\"DATA\",\"address\":\"" + DATA + "\",\"zone\":\"zone-a\","
            + "\"incarnation\":1,\"committed\":true,\"live\":true,\"leaseRemainingMillis\":\\d+,\"laggingSlots\":\\[]}");

    meta.close();
    meta = startReady(); // a new leader holds no leases yet: the member is committed, not live
    assertThat(get("/api/meta/nodes")).contains("\"address\":\"" + DATA + "\"")
        .contains("\"committed\":true,\"live\":false,\"leaseRemainingMillis\":null");
    heartbeat(meta, NodeRole.DATA, DATA, 0);
    assertThat(get("/api/meta/nodes?role=data")).contains("\"committed\":true,\"live\":true");
  }

  @Test
  void malformedHeartbeatIsRefusedAsBadRequest() throws Exception {
    meta = startReady();
    HeartbeatReply reply = heartbeat(meta, NodeRole.DATA, "no-port", 0);
    assertThat(reply.status()).isEqualTo(Status.BAD_REQUEST);
    assertThat(get("/api/meta/nodes")).isEqualTo("200 []\n");
  }

  @Test
  void aServerThatNeverStartedClosesCleanly() {
    MetaServer idle = new MetaServer(MetaConfig.ephemeral(dir), ClusterLinks.loopback(key), Ticker.system());
    assertThat(idle.isReady()).isFalse();
    assertThat(idle.raftPort()).isZero();
    idle.close();
    assertThat(idle.isLeader()).isFalse();
  }

  private MetaServer startReady() {
    MetaServer server = new MetaServer(MetaConfig.ephemeral(dir), ClusterLinks.loopback(key), Ticker.system());
    long begin = System.nanoTime();
    server.start();
    await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(5)).until(server::isReady);
    LOG.info("meta start() -> ready in {} ms", (System.nanoTime() - begin) / 1_000_000);
    return server;
  }

  private HeartbeatReply heartbeat(MetaServer server, NodeRole role, String address, long epoch)
      throws Exception {
    Object reply = client.invoke("127.0.0.1:" + server.boltPort(),
        new NodeHeartbeat(role, address, "zone-a", 1, epoch), 3000).get(5, TimeUnit.SECONDS);
    assertThat(reply).isInstanceOf(HeartbeatReply.class);
    return (HeartbeatReply) reply;
  }

  private String get(String pathAndQuery) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + meta.httpPort() + pathAndQuery))
            .timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }
}
