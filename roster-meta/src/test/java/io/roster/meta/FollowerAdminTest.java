package io.roster.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roster.model.Ticker;
import io.roster.protocol.NodeRole;
import io.roster.protocol.Status;
import io.roster.protocol.meta.HeartbeatReply;
import io.roster.protocol.meta.NodeHeartbeat;
import io.roster.remoting.BoltClient;
import io.roster.remoting.link.ClusterKey;
import io.roster.remoting.link.ClusterLinks;
import io.roster.remoting.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin HTTP of a meta follower answers for the leader: GETs (and HEADs, as GETs) are proxied
 * to the leader's HTTP, other methods are a 405 on every node, and with no leader every /api/meta
 * page is a 503.
 */
class FollowerAdminTest {

  private static final String DATA = "10.0.0.1:9620";

  @TempDir
  Path dir;

  private final ClusterKey key = ClusterKey.random();
  private final BoltClient bolt = BoltClient.forMembers(1000, key, "test");
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();
  private final List<MetaServer> metas = new ArrayList<>();

  @AfterEach
  void stop() {
    bolt.close();
    metas.forEach(MetaServer::close);
  }

  @Test
  void aFollowerAnswersForTheLeaderAndWithoutOneSays503() throws Exception {
    startGroup();
    MetaServer leader = awaitLeader(metas);
    MetaServer follower = metas.stream().filter(m -> m != leader).findFirst().orElseThrow();
    String leaderHttp = "127.0.0.1:" + leader.httpPort();
    heartbeat(leader);

    HttpResponse<String> who = get(follower, "/api/meta/leader?format=json");
    assertThat(who.statusCode()).isEqualTo(200);
    assertThat(who.body()).contains("\"http\":\"" + leaderHttp + "\"")
        .as("the node asked does not lead").contains("\"self\":false");
    assertThat(who.headers().firstValue("X-Roster-Meta-Leader")).as("answered by the leader")
        .hasValue(leaderHttp);
    assertThat(get(leader, "/api/meta/leader?format=json").body()).contains("\"self\":true");
    assertThat(get(follower, "/api/meta/slots?slot=3").body())
        .isEqualTo(get(leader, "/api/meta/slots?slot=3").body());
    assertThat(get(follower, "/api/meta/nodes?role=data").body()).contains(DATA);
    assertThat(get(follower, "/api/meta/slots?slot=999").statusCode())
        .as("the leader's 400 comes back as it is").isEqualTo(400);
    assertThat(get(follower, "/health/check").body()).as("health stays local").isEqualTo("OK");

    HttpResponse<String> head = send(follower, "/api/meta/leader", "HEAD");
    assertThat(head.statusCode()).as("HEAD is forwarded as a GET").isEqualTo(200);
    assertThat(head.headers().firstValue("X-Roster-Meta-Leader")).hasValue(leaderHttp);
    HttpResponse<String> post = send(follower, "/api/meta/nodes", "POST");
    assertThat(post.statusCode()).as("no admin page takes a body").isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");

    metas.stream().filter(m -> m != follower).forEach(MetaServer::close);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      HttpResponse<String> alone = get(follower, "/api/meta/slots");
      assertThat(alone.statusCode()).isEqualTo(503);
      assertThat(alone.body()).contains("no meta leader");
    });
    assertThat(get(follower, "/api/meta/nodes").statusCode()).isEqualTo(503);
  }

  private void startGroup() {
    bolt.start();
    List<Integer> raftPorts = FreePorts.reserve(3);
    List<String> peers = raftPorts.stream().map(p -> "127.0.0.1:" + p).toList();
    for (int i = 0; i < 3; i++) {
      MetaConfig config = new MetaConfig("127.0.0.1", "127.0.0.1", 0, raftPorts.get(i), 0,
          dir.resolve("meta" + i), peers, MetaConfig.DEFAULT_SESSION_LEASE,
          MetaConfig.DEFAULT_DATA_LEASE, 16, 2);
      MetaServer meta = new MetaServer(config, ClusterLinks.loopback(key), Ticker.system());
      metas.add(meta);
      meta.start();
    }
  }

  private static MetaServer awaitLeader(List<MetaServer> group) {
    await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(20)).until(() ->
        group.stream().filter(MetaServer::isLeader).count() == 1
            && group.stream().allMatch(MetaServer::isReady));
    return group.stream().filter(MetaServer::isLeader).findFirst().orElseThrow();
  }

  private void heartbeat(MetaServer meta) throws Exception {
    Object reply = bolt.invoke("127.0.0.1:" + meta.boltPort(),
        new NodeHeartbeat(NodeRole.DATA, DATA, "z", 1, 0), 3000).get(5, TimeUnit.SECONDS);
    assertThat(((HeartbeatReply) reply).status()).isEqualTo(Status.OK);
  }

  private HttpResponse<String> get(MetaServer meta, String pathAndQuery) throws Exception {
    return send(meta, pathAndQuery, "GET");
  }

  private HttpResponse<String> send(MetaServer meta, String pathAndQuery, String method)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + meta.httpPort() + pathAndQuery))
        .timeout(Duration.ofSeconds(5))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
