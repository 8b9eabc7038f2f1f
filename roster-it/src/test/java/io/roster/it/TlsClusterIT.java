package io.roster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roster.it.support.Closer;
import io.roster.it.support.DataIds;
import io.roster.it.support.OfficialClient;
import io.roster.it.support.Sub;
import io.roster.protocol.NodeRole;
import io.roster.protocol.data.SessionHello;
import io.roster.protocol.meta.NodeHeartbeat;
import io.roster.remoting.BoltClient;
import io.roster.remoting.link.ClusterKey;
import io.roster.remoting.link.ClusterLinks;
import io.roster.remoting.testing.TestCerts;
import io.roster.remoting.tls.MemberTls;
import io.roster.remoting.tls.NodeTls;
import io.roster.testkit.ProcessCluster;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster (3 meta, 2 data, 1 session processes) configured only through the TLS keys, with
 * certificates from a CA made for the test: it gets ready only if raft, heartbeats, session to
 * data and replication all link over mutual TLS (the members-only ports take nothing else); the
 * official client, on plain bolt and plain session HTTP, publishes and sees its publisher; the meta
 * and data HTTP ports speak only HTTPS, a meta follower forwarding to the leader over HTTPS; and a
 * client with the cluster secret but a certificate from another CA, or no TLS, is refused on every
 * members-only port.
 */
class TlsClusterIT {

  @TempDir
  static Path root;
  static TestCerts.Authority ca;
  static TestCerts.Node node;
  static TestCerts.Node stranger;
  static ProcessCluster cluster;

  final Closer closer = new Closer();

  @BeforeAll
  static void startCluster() throws IOException {
    ca = TestCerts.authority(root, "cluster-ca");
    node = ca.issue("node");
    stranger = TestCerts.authority(root, "other-ca").issue("stranger");
    Path password = TestCerts.passwordFile(root.resolve("tls.password"));
    cluster = ProcessCluster.builder(root.resolve("cluster")).metas(3).datas(2).sessions(1)
        .nodeOptions("--tls-keystore-file", node.keystore().toString(),
            "--tls-keystore-password-file", password.toString(),
            "--tls-truststore-file", node.truststore().toString(),
            "--tls-truststore-password-file", password.toString())
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

  @Test
  void theOfficialClientPublishesAndSeesItsPublisherOverPlainBolt() {
    OfficialClient client = closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build());
    String dataId = DataIds.unique("tls-cluster");
    OfficialClient.awaitAcked(client.publish(dataId, "10.0.0.1:12200"));
    Sub sub = client.subscribe(dataId);
    sub.awaitValues("10.0.0.1:12200");
  }

  @Test
  void metaAndDataHttpSpeakOnlyHttpsAndFollowersForwardOverIt() throws IOException {
    for (int i = 0; i < 3; i++) {
      String leader = httpsGet(cluster.metaHttpPort(i), "/api/meta/leader?format=json");
      assertThat(leader).as("meta %d, leader or follower", i).contains("\"bolt\"");
    }
    for (int i = 0; i < 2; i++) {
      assertThat(httpsGet(cluster.dataHttpPort(i), "/health/check")).isNotEmpty();
    }
    assertThatThrownBy(() -> ProcessCluster.httpGet(cluster.metaHttpPort(0), "/health/check"))
        .as("plain HTTP to an HTTPS port").isNotNull();
    assertThatThrownBy(() -> ProcessCluster.httpGet(cluster.dataHttpPort(0), "/health/check"))
        .as("plain HTTP to an HTTPS port").isNotNull();
  }

  @Test
  void anotherCasCertificateOrNoTlsIsRefusedOnEveryMembersPortDespiteTheSecret()
      throws IOException {
    ClusterKey key = ClusterKey.read(cluster.secretFile());
    // It trusts the cluster's CA, so it is the node's check of its certificate that refuses it.
    MemberTls foreign = MemberTls.of(stranger.trusting(ca).material());
    BoltClient otherCa = closer.add(BoltClient.forMembers(2000,
        new ClusterLinks(key, "127.0.0.1", new NodeTls(foreign, null, null)), "test"));
    BoltClient plain = closer.add(BoltClient.forMembers(2000, key, "test"));
    otherCa.start();
    plain.start();
    List<String> ports = List.of(cluster.metaAddresses().get(0),
        "127.0.0.1:" + cluster.meta(1).port("meta", "raft"), cluster.dataAddress(0));
    Object forged = new NodeHeartbeat(NodeRole.SESSION, "6.6.6.6:9600", "DEFAULT_ZONE", 1, 0);
    for (String port : ports) {
      for (BoltClient client : List.of(otherCa, plain)) {
        assertThatThrownBy(() -> client.invoke(port, forged, 2000).get(10, TimeUnit.SECONDS))
            .as("%s with the secret, %s", port, client == plain ? "no TLS" : "another CA")
            .isInstanceOf(ExecutionException.class);
      }
    }
    assertThatThrownBy(() -> otherCa.invoke(cluster.dataAddress(1),
        new SessionHello("6.6.6.6:9600", 1), 2000).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    assertThat(httpsGet(cluster.metaHttpPort(0), "/api/meta/nodes")).doesNotContain("6.6.6.6");
  }

  private static String httpsGet(int port, String path) throws IOException {
    HttpsURLConnection https = (HttpsURLConnection) URI.create(
        "https://127.0.0.1:" + port + path).toURL().openConnection();
    SSLContext trustingTheCa = node.material().jdkContext();
    https.setSSLSocketFactory(trustingTheCa.getSocketFactory());
    https.setConnectTimeout(5000);
    https.setReadTimeout(10000);
    assertThat(https.getResponseCode()).as("GET %s on %d", path, port).isEqualTo(200);
    try (InputStream in = https.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
