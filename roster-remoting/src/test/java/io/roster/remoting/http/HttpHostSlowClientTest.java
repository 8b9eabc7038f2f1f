package io.roster.remoting.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roster.remoting.testing.Slowloris;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ATTACKS.md "Broke 5": connections that send their request slowly, or nothing, must not starve others. */
class HttpHostSlowClientTest {

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor();
  private HttpHost host;

  @AfterEach
  void stop() {
    prober.shutdownNow();
    if (host != null) {
      host.close();
    }
  }

  private int start(HttpLimits limits) {
    host = new HttpHost("127.0.0.1", 0, "test", limits);
    host.route("/ping", q -> HttpAnswer.text("pong\n"));
    host.start();
    return host.port();
  }

  @ParameterizedTest(name = "{0} slow connections")
  @ValueSource(ints = {2, 50})
  void slowHeaderWritersDoNotDelayOtherRequests(int connections) throws Exception {
    int port = start(HttpLimits.defaults());
    try (Slowloris attack = new Slowloris(port, connections, Duration.ofSeconds(1))) {
      // A normal client asks every 100 ms for about 5 s while the attack holds its connections.
      List<ScheduledFuture<Long>> probes = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        probes.add(prober.schedule(() -> probe(port), 200 + 100L * i, TimeUnit.MILLISECONDS));
      }
      for (ScheduledFuture<Long> probe : probes) {
        assertThat(probe.get(10, TimeUnit.SECONDS)).as("ms to answer").isLessThan(1000);
      }
    }
  }

  /** One GET that must answer 200 within {@link #PROBE_TIMEOUT}; returns its milliseconds. */
  private static long probe(int port) {
    long start = System.nanoTime();
    RawHttp.Answer answer = RawHttp.get(port, "/ping", PROBE_TIMEOUT);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("pong\n");
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  void aRequestThatDoesNotArriveInTimeIsAnswered408AndClosed() throws Exception {
    int port = start(new HttpLimits(Duration.ofMillis(500), Duration.ofSeconds(30), 100, 100));
    try (Slowloris attack = new Slowloris(port, 1, Duration.ofMillis(100))) {
      Socket socket = attack.sockets().get(0);
      socket.setSoTimeout(3_000);
      long start = System.nanoTime();
      RawHttp.Answer answer = RawHttp.read(socket.getInputStream(), false);
      assertThat(answer.status()).isEqualTo(408);
      assertThat(answer.headers().get("content-type")).startsWith("text/plain");
      assertThat(RawHttp.closedByServer(socket)).as("closed after the 408").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
    assertThat(RawHttp.get(port, "/ping", PROBE_TIMEOUT).status()).isEqualTo(200);
  }

  @Test
  void aClientThatDoesNotReadItsAnswerIsClosedAfterTheRequestTimeout() throws Exception {
    int port = start(new HttpLimits(Duration.ofMillis(500), Duration.ofSeconds(30), 100, 100));
    String big = "x".repeat(8 << 20);
    host.route("/big", q -> HttpAnswer.text(big));
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 3_000);
      socket.getOutputStream().write(
          "GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      await().atMost(Duration.ofSeconds(5)).until(() -> host.openConnections() == 0);
      socket.setSoTimeout(3_000);
      InputStream in = socket.getInputStream();
      long read = 0;
      try {
        while (in.read() >= 0) {
          read++;
        }
      } catch (java.io.IOException reset) {
        // the server closed with unread bytes: a reset is as good as an end
      }
      assertThat(read).as("bytes of the answer that got out").isLessThan(big.length());
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
    int port = start(new HttpLimits(Duration.ofSeconds(30), Duration.ofMillis(500), 100, 100));
    try (Socket socket = RawHttp.open(port, "127.0.0.1", Duration.ofSeconds(3))) {
      assertThat(RawHttp.closedByServer(socket)).isTrue();
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterItsAnswer() throws Exception {
    int port = start(new HttpLimits(Duration.ofSeconds(30), Duration.ofMillis(500), 100, 100));
    try (Socket socket = RawHttp.open(port, "127.0.0.1", Duration.ofSeconds(3))) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (int i = 0; i < 2; i++) { // keep-alive: two requests on one connection
        out.write("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        assertThat(RawHttp.read(in, false).body()).isEqualTo("pong\n");
      }
      assertThat(RawHttp.closedByServer(socket)).isTrue();
    }
  }
}
