package io.roster.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.roster.protocol.data.HelloReply;
import io.roster.protocol.data.SessionHello;
import io.roster.remoting.guard.GuardLimits;
import io.roster.remoting.link.ClusterKey;
import io.roster.remoting.link.ClusterLinks;
import io.roster.remoting.testing.TestCerts;
import io.roster.remoting.tls.MemberTls;
import io.roster.remoting.tls.NodeTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A members-only bolt port with mutual TLS, certificates made for the test: a member with a
 * certificate from the cluster's CA and the secret links; a certificate from another CA, no TLS,
 * or TLS without the secret is refused; and the frame guard, sitting behind the SslHandler, still
 * refuses an overflowing frame header sent inside TLS.
 */
class BoltMemberTlsTest {

  private static final ClusterKey KEY = ClusterKey.random();
  @TempDir
  static Path dir;
  private static TestCerts.Authority ca;
  private static TestCerts.Node client;
  private static TestCerts.Node stranger;
  private static BoltServer server;

  @BeforeAll
  static void start() throws IOException {
    ca = TestCerts.authority(dir, "cluster-ca");
    TestCerts.Node serverCert = ca.issue("server");
    client = ca.issue("client");
    stranger = TestCerts.authority(dir, "other-ca").issue("stranger");
    server = BoltServer.forMembers(0, new GuardLimits(64 * 1024, 100, 100),
        links(KEY, serverCert), "test");
    server.handle(SessionHello.class, (hello, from, reply) -> reply.send(new HelloReply(7)));
    server.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ClusterLinks links(ClusterKey key, TestCerts.Node node) {
    return new ClusterLinks(key, "127.0.0.1",
        new NodeTls(MemberTls.of(node.material()), null, null));
  }

  private static Object hello(BoltClient bolt) throws Exception {
    bolt.start();
    try (bolt) {
      return bolt.invoke("127.0.0.1:" + server.port(), new SessionHello("s", 1), 3000)
          .get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aMemberWithTheCasCertificateAndTheSecretLinks() throws Exception {
    Object reply = hello(BoltClient.forMembers(3000, links(KEY, client), "test"));
    assertThat(((HelloReply) reply).dataIncarnation()).isEqualTo(7);
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedEvenWithTheSecret() {
    // It trusts the cluster's CA, so only the server's check of the client can refuse it.
    BoltClient bolt = BoltClient.forMembers(3000, links(KEY, stranger.trusting(ca)), "test");
    assertThatThrownBy(() -> hello(bolt)).isInstanceOf(ExecutionException.class);
  }

  @Test
  void aListenerWithACertificateFromAnotherCaIsNotTrusted() throws Exception {
    try (BoltServer impostor = BoltServer.forMembers(0, GuardLimits.DEFAULT,
        links(KEY, stranger.trusting(ca)), "impostor")) {
      impostor.handle(SessionHello.class, (hello, from, reply) -> reply.send(new HelloReply(666)));
      impostor.start();
      try (BoltClient bolt = BoltClient.forMembers(3000, links(KEY, client), "test")) {
        bolt.start();
        assertThatThrownBy(() -> bolt.invoke("127.0.0.1:" + impostor.port(),
            new SessionHello("s", 1), 3000).get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class);
      }
    }
  }

  @Test
  void aPlainMemberWithTheSecretIsRefused() {
    BoltClient bolt = BoltClient.forMembers(3000, KEY, "test");
    assertThatThrownBy(() -> hello(bolt)).isInstanceOf(ExecutionException.class);
  }

  @Test
  void theCasCertificateWithoutTheSecretIsRefused() {
    BoltClient bolt = BoltClient.forMembers(3000, links(ClusterKey.random(), client), "test");
    assertThatThrownBy(() -> hello(bolt)).isInstanceOf(ExecutionException.class);
  }

  @Test
  void theFrameGuardRefusesAnOverflowingHeaderSentInsideTls() throws Exception {
    long before = server.guard().refusedFrames();
    try (SSLSocket tls = (SSLSocket) client.material().jdkContext().getSocketFactory()
        .createSocket("127.0.0.1", server.port())) {
      tls.startHandshake(); // the server accepted our certificate: we are past the SslHandler
      byte[] frame = new byte[40];
      ByteBuffer.wrap(frame).put((byte) 1).put((byte) 1).putShort((short) 1).put((byte) 1)
          .putInt(1).put((byte) 1).putInt(3000).putShort((short) 9).putShort((short) 0)
          .putInt(2_147_483_639);
      tls.getOutputStream().write(frame);
      tls.getOutputStream().flush();
      await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer(tls));
    }
    assertThat(server.guard().refusedFrames()).isEqualTo(before + 1);
  }

  private static boolean closedByServer(SSLSocket socket) {
    try {
      socket.setSoTimeout(50);
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // a heartbeat: read on
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
