package io.roster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.Publisher;
import io.roster.it.support.Closer;
import io.roster.it.support.DataIds;
import io.roster.it.support.Http;
import io.roster.it.support.OfficialClient;
import io.roster.it.support.Sub;
import io.roster.remoting.testing.Slowloris;
import io.roster.testkit.LocalCluster;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ATTACKS.md "Broke 5": two connections that send a header byte per second held both threads of
 * the session's HTTP server, so {@code /api/servers/query} timed out and a new official client
 * could not find a session. With them open, a new client must still register and see its own
 * publisher in time, and every role must answer methods other than GET and HEAD with 405.
 */
class SlowHttpClientsIT {

  @TempDir
  Path root;

  final Closer closer = new Closer();

  @AfterEach
  void close() {
    closer.closeAll();
  }

  @Test
  void aNewClientFindsTheSessionWhileTwoSlowConnectionsHoldItsHttpPort() throws Exception {
    LocalCluster cluster = closer.add(LocalCluster.builder(root).datas(1).sessions(1).start());
    int http = cluster.sessionHttpPort(0);
    try (Slowloris attack = new Slowloris(http, 2, Duration.ofSeconds(1))) {
      long start = System.nanoTime();
      OfficialClient client = closer.add(OfficialClient.to(http).build());
      String dataId = DataIds.unique("slowloris");
      Publisher publisher = client.publish(dataId, "10.0.0.1:12200");
      Sub sub = client.subscribe(dataId);
      Duration left = Duration.ofSeconds(5).minusNanos(System.nanoTime() - start);
      assertThat(left).as("time left after init and register").isPositive();
      sub.awaitValues(left, "10.0.0.1:12200");
      OfficialClient.awaitAcked(publisher);
      for (Socket slow : attack.sockets()) {
        assertThat(slow.isClosed()).as("the attack was still on").isFalse();
      }
    }
  }

  @Test
  void everyRoleAnswersOtherMethodsWith405() {
    LocalCluster cluster = closer.add(LocalCluster.builder(root).datas(1).sessions(1).start());
    for (int port : new int[] {cluster.sessionHttpPort(0), cluster.dataHttpPort(0),
        cluster.metaHttpPort(0)}) {
      for (String method : new String[] {"DELETE", "TRACE", "FOO"}) {
        Http.Answer answer = Http.request(port, method, "/health/check");
        assertThat(answer.status()).as("%s on port %d", method, port).isEqualTo(405);
        assertThat(answer.headers().get("allow")).isEqualTo("GET, HEAD");
      }
      Http.Answer bad = Http.get(port, "/health/check?x=%zz");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.headers().get("content-type")).startsWith("text/plain");
      assertThat(bad.body()).doesNotContain("<");
    }
  }
}
