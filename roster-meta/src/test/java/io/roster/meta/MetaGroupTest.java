package io.roster.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roster.model.SlotTable;
import io.roster.model.Ticker;
import io.roster.protocol.NodeRole;
import io.roster.protocol.Status;
import io.roster.protocol.meta.HeartbeatReply;
import io.roster.protocol.meta.NodeHeartbeat;
import io.roster.remoting.BoltClient;
import io.roster.remoting.link.ClusterKey;
import io.roster.remoting.link.ClusterLinks;
import io.roster.remoting.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three meta nodes in one JVM: replication over jraft's bolt, redirects, and leader failover. */
class MetaGroupTest {

  private static final String DATA = "10.0.0.1:9620";

  @TempDir
  Path dir;

  private final ClusterKey key = ClusterKey.random();
  private final BoltClient client = BoltClient.forMembers(1000, key, "test");
  private final List<MetaServer> metas = new ArrayList<>();

  @AfterEach
  void stop() {
    client.close();
    metas.forEach(MetaServer::close);
  }

  @Test
  void followersRedirectToTheLeaderAndANewLeaderKeepsTheTable() throws Exception {
    client.start();
    List<Integer> raftPorts = FreePorts.reserve(3);
    List<String> peers = raftPorts.stream().map(p -> "127.0.0.1:" + p).toList();
    for (int i = 0; i < 3; i++) {
      MetaConfig config = new MetaConfig("127.0.0.1", "127.0.0.1", 0, raftPorts.get(i), 0,
          dir.resolve("meta" + i), peers, MetaConfig.DEFAULT_SESSION_LEASE,
          MetaConfig.DEFAULT_DATA_LEASE, 256, 2);
      MetaServer meta = new MetaServer(config, ClusterLinks.loopback(key), Ticker.system());
      metas.add(meta);
      meta.start();
    }
    MetaServer leader = awaitOneReadyLeader(metas);
    MetaServer follower = metas.stream().filter(m -> m != leader).findFirst().orElseThrow();

    HeartbeatReply redirected = heartbeat(follower, 0);
    assertThat(redirected.status()).isEqualTo(Status.NOT_LEADER);
    assertThat(redirected.leaderAddress()).isEqualTo("127.0.0.1:" + leader.boltPort());
    SlotTable table = heartbeat(leader, 0).slotTable();
    assertThat(table.epoch()).isPositive();

    leader.close();
    List<MetaServer> survivors = metas.stream().filter(m -> m != leader).toList();
    MetaServer next = awaitOneReadyLeader(survivors);
    HeartbeatReply fromNewLeader = heartbeat(next, table.epoch());
    assertThat(fromNewLeader.status()).isEqualTo(Status.OK);
    assertThat(fromNewLeader.slotTable()).as("the committed table was replicated").isNull();
    MetaServer other = survivors.stream().filter(m -> m != next).findFirst().orElseThrow();
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
        assertThat(heartbeat(other, table.epoch()).leaderAddress())
            .isEqualTo("127.0.0.1:" + next.boltPort()));
  }

  private static MetaServer awaitOneReadyLeader(List<MetaServer> group) {
    await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(20)).until(() ->
        group.stream().filter(MetaServer::isLeader).count() == 1
            && group.stream().allMatch(MetaServer::isReady));
    return group.stream().filter(MetaServer::isLeader).findFirst().orElseThrow();
  }

  private HeartbeatReply heartbeat(MetaServer meta, long epoch) throws Exception {
    Object reply = client.invoke("127.0.0.1:" + meta.boltPort(),
        new NodeHeartbeat(NodeRole.DATA, DATA, "z", 1, epoch), 3000).get(5, TimeUnit.SECONDS);
    return (HeartbeatReply) reply;
  }
}
