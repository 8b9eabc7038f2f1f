package io.roster.meta.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.meta.raft.LeaderEndpoint;
import io.roster.remoting.http.HttpAnswer;
import io.roster.remoting.http.HttpHost;
import io.roster.remoting.http.HttpQuery;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link LeaderProxy} between two real HTTP hosts, with leadership set by hand. */
class LeaderProxyTest {

  private final HttpHost leaderHttp = new HttpHost("127.0.0.1", 0, "test-leader");
  private final AtomicReference<LeaderEndpoint> known = new AtomicReference<>();

  @AfterEach
  void stop() {
    leaderHttp.close();
  }

  @Test
  void aFollowerForwardsTheQueryAndHandsBackTheLeadersAnswer() {
    String leaderAddress = "127.0.0.1:" + leaderHttp.port();
    LeaderProxy atLeader = new LeaderProxy(() -> true, () -> endpoint(leaderAddress), leaderAddress,
        null);
    leaderHttp.route("/api/meta/echo", atLeader.forLeader(q -> new HttpAnswer(418,
        "application/json", "{\"x\":\"" + q.param("x") + "\",\"by\":\""
            + q.header(LeaderProxy.FORWARDED_HEADER) + "\"}")));
    leaderHttp.start();
    known.set(endpoint(leaderAddress));

    HttpAnswer answer = follower().forLeader(q -> HttpAnswer.text("stale")).answer(
        query("GET", "/api/meta/echo", Map.of("x", "a b&c")));

    assertThat(answer.status()).isEqualTo(418);
    assertThat(answer.contentType()).isEqualTo("application/json");
    assertThat(answer.body()).isEqualTo("{\"x\":\"a b&c\",\"by\":\"127.0.0.1:1\"}");
    assertThat(answer.headers()).containsEntry(LeaderProxy.LEADER_HEADER, leaderAddress);
  }

  @Test
  void aForwardedRequestIsNotForwardedAgain() {
    known.set(endpoint("127.0.0.1:2"));
    HttpQuery forwarded = new HttpQuery("GET", "/api/meta/nodes", Map.of(),
        Map.of(LeaderProxy.FORWARDED_HEADER.toLowerCase(), "127.0.0.1:2"), "");

    HttpAnswer answer = follower().forLeader(q -> HttpAnswer.text("stale")).answer(forwarded);

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.body()).contains("does not lead");
  }

  @Test
  void noLeaderIs503AndAnUnreachableLeaderIs502() throws Exception {
    HttpAnswer none = follower().forLeader(q -> HttpAnswer.text("stale")).answer(query("GET", "/api/meta/nodes", Map.of()));
    assertThat(none.status()).isEqualTo(503);
    assertThat(none.body()).startsWith("no meta leader known");

    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    known.set(endpoint("127.0.0.1:" + closed));
    HttpAnswer unreachable = follower().forLeader(q -> HttpAnswer.text("stale"))
        .answer(query("GET", "/api/meta/nodes", Map.of()));
    assertThat(unreachable.status()).isEqualTo(502);
    assertThat(unreachable.body()).startsWith("meta leader at 127.0.0.1:" + closed + " did not answer");
  }

  @Test
  void otherMethodsAreRedirectedToTheLeader() {
    known.set(endpoint("10.0.0.7:9615"));
    HttpAnswer answer = follower().forLeader(q -> HttpAnswer.text("stale"))
        .answer(query("POST", "/api/meta/nodes", Map.of("role", "data")));
    assertThat(answer.status()).isEqualTo(307);
    assertThat(answer.headers())
        .containsEntry("Location", "http://10.0.0.7:9615/api/meta/nodes?role=data");
  }

  private LeaderProxy follower() {
    return new LeaderProxy(() -> false, known::get, "127.0.0.1:1", null);
  }

  private static HttpQuery query(String method, String path, Map<String, String> params) {
    return new HttpQuery(method, path, new LinkedHashMap<>(params), "");
  }

  private static LeaderEndpoint endpoint(String http) {
    return new LeaderEndpoint("127.0.0.1:3", "127.0.0.1:4", http, 7);
  }
}
