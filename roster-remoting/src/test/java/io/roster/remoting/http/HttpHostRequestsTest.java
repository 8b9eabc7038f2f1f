package io.roster.remoting.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ATTACKS.md "Exposure": methods other than GET and HEAD, and malformed requests, get plain 4xx. */
class HttpHostRequestsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static HttpHost host;
  private static int port;

  @BeforeAll
  static void start() {
    host = new HttpHost("127.0.0.1", 0, "test");
    host.route("/ping", q -> HttpAnswer.text("pong " + q.method() + " " + q.param("x", "-") + "\n"));
    host.route("/fail", q -> {
      throw new IllegalStateException("boom");
    });
    host.route("/bad-header", q -> HttpAnswer.text("x\n").withHeader("X-Split", "a\r\nSet-Cookie: y"));
    host.start();
    port = host.port();
  }

  @AfterAll
  static void stop() {
    host.close();
  }

  private static RawHttp.Answer send(String requestLineAndHeaders) {
    return RawHttp.exchange(port, requestLineAndHeaders + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        TIMEOUT);
  }

  @Test
  void getAnswersWithTheRoutesBodyAndType() {
    RawHttp.Answer answer = send("GET /ping?x=a%20b HTTP/1.1");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("pong GET a b\n");
    assertThat(answer.headers()).containsEntry("content-type", "text/plain; charset=utf-8")
        .containsEntry("content-length", "13");
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
    try (java.net.Socket socket = RawHttp.open(port, "127.0.0.1", TIMEOUT)) {
      StringBuilder three = new StringBuilder();
      for (String x : new String[] {"1", "2", "3"}) {
        three.append("GET /ping?x=").append(x).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      }
      socket.getOutputStream().write(three.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      for (String x : new String[] {"1", "2", "3"}) {
        assertThat(RawHttp.read(socket.getInputStream(), false).body()).isEqualTo("pong GET " + x + "\n");
      }
    }
  }

  @Test
  void headAnswersTheGetHeadersWithoutABody() {
    RawHttp.Answer answer = send("HEAD /ping HTTP/1.1");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers()).containsEntry("content-length", "11");
    assertThat(answer.body()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"DELETE", "TRACE", "FOO", "PUT", "POST", "OPTIONS"})
  void otherMethodsAre405WithAllow(String method) {
    RawHttp.Answer answer = send(method + " /ping HTTP/1.1");
    assertThat(answer.status()).as(answer.body()).isEqualTo(405);
    assertThat(answer.headers().get("allow")).isEqualTo("GET, HEAD");
    assertPlain(answer);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET /ping%zz HTTP/1.1", "GET /ping?x=%zz HTTP/1.1", "GET /p%g1ng HTTP/1.1",
      "GET /ping?x=% HTTP/1.1", "NONSENSE", "GET  HTTP/1.1", "GET /ping HTTP/9"})
  void malformedRequestsAre400InPlainText(String requestLine) {
    RawHttp.Answer answer = send(requestLine);
    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertPlain(answer);
  }

  @Test
  void aMegabyteOfHeadersIsRefused() {
    String big = "X-Big: " + "a".repeat(1 << 20);
    RawHttp.Answer answer = send("GET /ping HTTP/1.1\r\n" + big);
    assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
    assertPlain(answer);
  }

  @Test
  void aBodyOverOneMebibyteIs413() {
    RawHttp.Answer answer = RawHttp.exchange(port, "GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Length: " + ((1 << 20) + 1) + "\r\n\r\n" + "a".repeat((1 << 20) + 1), TIMEOUT);
    assertThat(answer.status()).isEqualTo(413);
    assertPlain(answer);
  }

  @Test
  void unknownPathIs404AndAFailingRouteIs500WithoutAStackTrace() {
    assertThat(send("GET /nothing HTTP/1.1").status()).isEqualTo(404);
    RawHttp.Answer failed = send("GET /fail HTTP/1.1");
    assertThat(failed.status()).isEqualTo(500);
    assertPlain(failed);
    assertThat(failed.body()).contains("boom").doesNotContain("\tat ");
  }

  @Test
  void anAnswerWithAHeaderNettyRefusesIs500() throws Exception {
    assertThat(send("GET /bad-header HTTP/1.1").status()).isEqualTo(500);
    assertThat(send("GET /ping HTTP/1.1").status()).isEqualTo(200);
  }

  private static void assertPlain(RawHttp.Answer answer) {
    assertThat(answer.headers().get("content-type")).startsWith("text/plain");
    assertThat(answer.body().toLowerCase(java.util.Locale.ROOT)).doesNotContain("<html", "<h1", "\tat ");
  }
}
