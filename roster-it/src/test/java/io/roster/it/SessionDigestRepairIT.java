package io.roster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.Publisher;
import io.roster.it.support.Closer;
import io.roster.it.support.DataIds;
import io.roster.it.support.OfficialClient;
import io.roster.it.support.Sub;
import io.roster.it.support.ViewRecorder;
import io.roster.model.Slots;
import io.roster.protocol.Status;
import io.roster.protocol.data.PublisherWrite;
import io.roster.protocol.data.WriteBatch;
import io.roster.protocol.data.WriteReply;
import io.roster.remoting.BoltClient;
import io.roster.testkit.LocalCluster;
import io.roster.testkit.ProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anti-entropy between a slot leader and a session: the leader loses a publisher that the
 * session still holds, with nothing in the normal write path to notice (here: a client-off for a
 * connection that is still open, sent to the data node as that session would). The leader's next
 * digest of that session's publishers differs from the session's own, the session resyncs the
 * slot, and the publisher is back in every view.
 */
class SessionDigestRepairIT {

  private static final Duration CHECK = Duration.ofMillis(500);

  @TempDir
  Path root;

  private final Closer closer = new Closer();

  @AfterEach
  void tearDown() {
    closer.closeAll();
  }

  @Test
  void aPublisherTheLeaderLostUnnoticedComesBackThroughTheSessionDigest() throws Exception {
    LocalCluster cluster = closer.add(LocalCluster.builder(root).datas(1).sessions(1)
        .checkInterval(CHECK).start());
    String dataId = DataIds.unique("digest");
    OfficialClient publisherClient = closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build());
    Publisher publisher = publisherClient.publish(dataId, "10.0.0.1:12200");
    OfficialClient.awaitAcked(publisher);
    Sub sub = closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build()).subscribe(dataId);
    sub.awaitValues("10.0.0.1:12200");

    long before = sub.recorder().lastSeq();
    WriteReply forged = clientOffAtData(cluster, dataId, publisher.getRegistId(),
        "127.0.0.1:" + publisherClient.connectionLocalPort() + "@" + cluster.sessionBoltPort(0));
    assertThat(forged.status()).isEqualTo(Status.OK);
    ViewRecorder.View lost = sub.recorder().awaitAny("the data node dropped it", before,
        v -> v.zoneData().values().stream().allMatch(List::isEmpty), Duration.ofSeconds(10));

    sub.recorder().awaitAny("repaired from the session", lost.seq(),
        v -> v.zoneData().values().stream().anyMatch(values -> values.contains("10.0.0.1:12200")),
        Duration.ofSeconds(10));
    assertThat(publisherClient.isConnected()).as("the client never reconnected or republished").isTrue();
  }

  /** A CLIENT_OFF for that publisher, sent to the data node under the session's own identity. */
  private static WriteReply clientOffAtData(LocalCluster cluster, String dataId, String registId,
      String connectId) throws Exception {
    String dataInfoId = dataId + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
    String slots = ProcessCluster.httpGet(cluster.metaHttpPort(0), "/api/meta/slots");
    int slotCount = Integer.parseInt(first(slots, "\"slotCount\":(\\d+)"));
    int slot = Slots.slotOf(dataInfoId, slotCount);
    long epoch = Long.parseLong(first(ProcessCluster.httpGet(cluster.metaHttpPort(0),
        "/api/meta/slots?slot=" + slot), "\"leaderEpoch\":(\\d+)"));
    long incarnation = Long.parseLong(first(ProcessCluster.httpGet(cluster.metaHttpPort(0),
        "/api/meta/nodes?role=SESSION"), "\"incarnation\":(\\d+)"));
    PublisherWrite off = new PublisherWrite(PublisherWrite.Kind.CLIENT_OFF, dataInfoId, registId,
        connectId, 0, System.currentTimeMillis(), null, null, null);
    try (BoltClient bolt = BoltClient.forMembers(1000, cluster.clusterKey(), "test")) {
      bolt.start();
      Object reply = bolt.invoke("127.0.0.1:" + cluster.dataBoltPort(0), new WriteBatch(
          cluster.sessionBoltAddress(0), incarnation, Map.of(slot, epoch), List.of(off)), 3000)
          .get(5, TimeUnit.SECONDS);
      return (WriteReply) reply;
    }
  }

  private static String first(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in %s", regex, text).isTrue();
    return m.group(1);
  }
}
