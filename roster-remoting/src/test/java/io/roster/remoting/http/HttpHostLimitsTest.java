package io.roster.remoting.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connection limits per port and per client address, and the bounded handler queue. */
class HttpHostLimitsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final List<Socket> held = new ArrayList<>();
  private HttpHost host;

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : held) {
      socket.close();
    }
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

  private Socket hold(int port, String from) throws IOException {
    Socket socket = RawHttp.open(port, from, TIMEOUT);
    held.add(socket);
    return socket;
  }

  @Test
  void oneAddressBeyondItsLimitIsClosedAtAcceptWhileOthersAreServed() throws IOException {
    int port = start(new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(30), 100, 2));
    Socket first = hold(port, "127.0.0.1");
    hold(port, "127.0.0.1");
    Socket extra = hold(port, "127.0.0.1");

    assertThat(RawHttp.closedByServer(extra)).as("third connection from 127.0.0.1").isTrue();
    assertThat(host.refusedConnections()).isEqualTo(1);
    assertThat(getOn(first).status()).as("a connection within the limit").isEqualTo(200);
    try (Socket other = RawHttp.open(port, "127.0.0.2", TIMEOUT)) {
      assertThat(getOn(other).status()).as("another address").isEqualTo(200);
    }
  }

  @Test
  void connectionsBeyondThePortLimitAreClosedAtAccept() throws IOException {
    int port = start(new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(30), 2, 100));
    Socket first = hold(port, "127.0.0.1");
    hold(port, "127.0.0.2");
    Socket extra = hold(port, "127.0.0.3");

    assertThat(RawHttp.closedByServer(extra)).as("third connection to the port").isTrue();
    assertThat(host.refusedConnections()).isEqualTo(1);
    assertThat(getOn(first).status()).isEqualTo(200);
  }

  @Test
  void aClosedConnectionFreesItsPlace() throws IOException {
    int port = start(new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(30), 100, 1));
    for (int i = 0; i < 5; i++) {
      assertThat(RawHttp.get(port, "/ping", TIMEOUT).status()).isEqualTo(200);
    }
    assertThat(host.refusedConnections()).isZero();
  }

  @Test
  void aFullHandlerQueueIsAnswered503AtOnce() throws Exception {
    host = new HttpHost("127.0.0.1", 0, "test",
        new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(30), 100, 100, 1, 1));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    host.route("/block", q -> {
      running.countDown();
      await(release);
      return HttpAnswer.text("done\n");
    });
    host.start();
    int port = host.port();
    try {
      CompletableFuture<RawHttp.Answer> busy = CompletableFuture.supplyAsync(() -> RawHttp.get(port, "/block", TIMEOUT));
      assertThat(running.await(3, TimeUnit.SECONDS)).isTrue();
      // The one handler thread is busy: of two more requests one waits in the queue, one is refused.
      CompletableFuture<RawHttp.Answer> second = CompletableFuture.supplyAsync(() -> RawHttp.get(port, "/block", TIMEOUT));
      CompletableFuture<RawHttp.Answer> third = CompletableFuture.supplyAsync(() -> RawHttp.get(port, "/block", TIMEOUT));
      RawHttp.Answer refused = (RawHttp.Answer) CompletableFuture.anyOf(second, third).get(2, TimeUnit.SECONDS);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.headers().get("content-type")).startsWith("text/plain");
      release.countDown();
      assertThat(busy.get(3, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(List.of(second.get(3, TimeUnit.SECONDS).status(), third.get(3, TimeUnit.SECONDS).status()))
          .containsExactlyInAnyOrder(200, 503);
    } finally {
      release.countDown();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static RawHttp.Answer getOn(Socket socket) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return RawHttp.read(socket.getInputStream(), false);
  }
}
