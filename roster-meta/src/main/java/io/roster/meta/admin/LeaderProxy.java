package io.roster.meta.admin;

import io.roster.meta.raft.LeaderEndpoint;
import io.roster.remoting.http.HttpAnswer;
import io.roster.remoting.http.HttpQuery;
import io.roster.remoting.http.HttpRoute;
import io.roster.remoting.tls.HttpTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import javax.net.ssl.HttpsURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Makes every {@code /api/meta} page answer for the meta leader, whichever meta node is asked.
 *
 * <p>The leader answers from its own state. A follower never answers from its replica (it may lag,
 * and the live leases exist only on the leader): it proxies a GET to the leader's HTTP address and
 * hands back the leader's status, content type and body, and answers any other method with a
 * {@code 307} to the same path there (a redirect keeps the method and body, so a future POST works
 * through any node). It learns that address from the {@link LeaderEndpoint} the leader commits at
 * the start of its term, which a follower trusts only for the term it follows; with no leader known
 * it answers {@code 503}. Every answer names the leader that produced it in
 * {@value #LEADER_HEADER}.
 *
 * <p>A proxied request carries {@value #FORWARDED_HEADER}; a node that gets one but does not lead
 * answers 503 instead of forwarding again, so two nodes that briefly take each other for the
 * leader cannot bounce a request between them. Proxying blocks a {@code meta-http} thread for at
 * most {@link #CONNECT_TIMEOUT} plus {@link #READ_TIMEOUT}.
 */
final class LeaderProxy {

  static final String LEADER_HEADER = "X-Roster-Meta-Leader";
  static final String FORWARDED_HEADER = "X-Roster-Forwarded-By";
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
  private static final int MAX_BODY_BYTES = 16 << 20;
  private static final String TEXT = "text/plain; charset=utf-8";

  private final BooleanSupplier leading;
  private final Supplier<LeaderEndpoint> leader;
  private final String selfHttp;
  /** The TLS the meta HTTP ports speak, or null for plain HTTP. */
  private final HttpTls tls;

  /**
   * @param leading whether this node leads now (and has applied the whole log)
   * @param leader the leader's endpoints, this node's own while it leads, or null when unknown
   * @param selfHttp this node's HTTP {@code host:port}, named in forwarded requests
   * @param tls the TLS of every meta HTTP port (the leader's certificate must chain to the
   *     truststore's CA and name its host), or null when they speak plain HTTP
   */
  LeaderProxy(BooleanSupplier leading, Supplier<LeaderEndpoint> leader, String selfHttp,
      HttpTls tls) {
    this.leading = leading;
    this.leader = leader;
    this.selfHttp = selfHttp;
    this.tls = tls;
  }

  /** {@code local} answered here when this node leads, else the leader's answer. */
  HttpRoute forLeader(HttpRoute local) {
    return query -> answer(query, local);
  }

  private HttpAnswer answer(HttpQuery query, HttpRoute local) {
    LeaderEndpoint current = leader.get();
    if (leading.getAsBoolean() && current != null) {
      return local.answer(query).withHeader(LEADER_HEADER, current.httpAddress());
    }
    if (query.header(FORWARDED_HEADER) != null) {
      return HttpAnswer.unavailable("meta node " + selfHttp + " was asked by "
          + query.header(FORWARDED_HEADER) + " as the leader, but it does not lead; retry shortly");
    }
    if (current == null) {
      return HttpAnswer.unavailable("no meta leader known to " + selfHttp + " (an election is"
          + " under way, or fewer than a quorum of meta nodes are up); retry shortly");
    }
    String url = (tls == null ? "http://" : "https://") + current.httpAddress() + query.path() + queryString(query.params());
    if (!"GET".equals(query.method())) {
      return new HttpAnswer(307, TEXT, "the meta leader answers at " + url + "\n",
          Map.of("Location", url, LEADER_HEADER, current.httpAddress()));
    }
    return forward(url, current.httpAddress());
  }

  private HttpAnswer forward(String url, String leaderHttp) {
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      if (connection instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(tls.clientSockets());
      }
      connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
      connection.setInstanceFollowRedirects(false);
      connection.setRequestProperty(FORWARDED_HEADER, selfHttp);
      int status = connection.getResponseCode();
      String type = connection.getContentType();
      String body;
      try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        body = read(in);
      }
      String answeredBy = connection.getHeaderField(LEADER_HEADER);
      return new HttpAnswer(status, type == null ? TEXT : type, body,
          Map.of(LEADER_HEADER, answeredBy == null ? leaderHttp : answeredBy));
    } catch (IOException | IllegalArgumentException e) {
      return new HttpAnswer(502, TEXT, "meta leader at " + leaderHttp + " did not answer "
          + selfHttp + ": " + e + "; retry shortly\n", Map.of(LEADER_HEADER, leaderHttp));
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  private static String read(InputStream in) throws IOException {
    if (in == null) {
      return "";
    }
    byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new IOException("answer larger than " + MAX_BODY_BYTES + " bytes");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static String queryString(Map<String, String> params) {
    if (params.isEmpty()) {
      return "";
    }
    StringJoiner joined = new StringJoiner("&", "?", "");
    params.forEach((name, value) -> joined.add(URLEncoder.encode(name, StandardCharsets.UTF_8)
        + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return joined.toString();
  }
}
