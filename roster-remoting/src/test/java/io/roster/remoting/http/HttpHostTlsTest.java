package io.roster.remoting.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roster.remoting.testing.TestCerts;
import io.roster.remoting.tls.HttpTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTPS admin port, with a certificate made for the test: a client trusting the CA gets the
 * route's answer; plain HTTP, a client trusting another CA, and a handshake that never comes get
 * nothing and a closed connection. The request timeout (1 s) bounds the handshake; the idle
 * timeout (60 s) is far longer, so a close in time is the handshake deadline's.
 */
class HttpHostTlsTest {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
  @TempDir
  static Path dir;
  private static TestCerts.Node node;
  private static TestCerts.Node stranger;
  private static HttpHost host;

  @BeforeAll
  static void start() throws IOException {
    node = TestCerts.authority(dir, "ca").issue("node");
    stranger = TestCerts.authority(dir, "other-ca").issue("stranger");
    HttpLimits limits = new HttpLimits(REQUEST_TIMEOUT, Duration.ofSeconds(60), 16, 16);
    host = new HttpHost("127.0.0.1", 0, "test", limits, HttpTls.of(node.material()));
    host.route("/ping", q -> HttpAnswer.text("pong\n"));
    host.start();
  }

  @AfterAll
  static void stop() {
    host.close();
  }

  @Test
  void aClientTrustingTheCaGetsTheAnswer() throws IOException {
    HttpsURLConnection https = open(node);
    assertThat(https.getResponseCode()).isEqualTo(200);
    assertThat(https.getCipherSuite()).startsWith("TLS_");
    try (InputStream in = https.getInputStream()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("pong\n");
    }
  }

  @Test
  void aClientTrustingAnotherCaFailsTheHandshake() {
    assertThatThrownBy(() -> open(stranger).getResponseCode())
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void plainHttpIsClosedUnanswered() throws IOException {
    try (Socket socket = RawHttp.open(host.port(), "127.0.0.1", Duration.ofSeconds(5))) {
      socket.getOutputStream().write("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      byte[] answer = socket.getInputStream().readAllBytes(); // returns at the close
      assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("pong", "HTTP/");
    }
  }

  @Test
  void aHandshakeThatNeverComesIsCutByTheRequestTimeout() throws IOException {
    try (Socket socket = RawHttp.open(host.port(), "127.0.0.1", Duration.ofSeconds(10))) {
      long start = System.nanoTime();
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(REQUEST_TIMEOUT.minusMillis(100))
          .isLessThan(Duration.ofSeconds(8));
    }
  }

  private static HttpsURLConnection open(TestCerts.Node client) throws IOException {
    HttpsURLConnection https = (HttpsURLConnection) URI.create(
        "https://127.0.0.1:" + host.port() + "/ping").toURL().openConnection();
    https.setSSLSocketFactory(client.material().jdkContext().getSocketFactory());
    https.setConnectTimeout(5000);
    https.setReadTimeout(5000);
    return https;
  }
}
