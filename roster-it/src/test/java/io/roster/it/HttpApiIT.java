package io.roster.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.it.support.Http;
import io.roster.testkit.LocalCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP surface the official client and operators use. */
class HttpApiIT {

  static final String QUERY = "/api/servers/query";

  @TempDir
  static Path root;

  static LocalCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.builder(root).datas(1).sessions(1).start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void healthCheckAnswersOnEveryRole() {
    assertThat(Http.get(cluster.sessionHttpPort(0), "/health/check").status())
        .as("session").isEqualTo(200);
    assertThat(Http.get(cluster.dataHttpPort(0), "/health/check").status())
        .as("data").isEqualTo(200);
    assertThat(Http.get(cluster.metaHttpPort(0), "/health/check").status())
        .as("meta").isEqualTo(200);
  }

  @Test
  void serverQueryAnswersWhatTheOfficialClientSends() {
    // Exactly the request DefaultServerManager builds: every parameter, most of them empty.
    Http.Answer answer = Http.get(cluster.sessionHttpPort(0),
        QUERY + "?env=&zone=DEFAULT_ZONE&dataCenter=DefaultDataCenter&appName=roster-it"
            + "&instanceId=");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body().trim()).isEqualTo(cluster.sessionBoltAddress(0));
    assertThat(answer.headers().get("content-type")).startsWith("text/plain");
  }

  @Test
  void serverQueryWithoutParametersStillAnswers() {
    Http.Answer answer = Http.get(cluster.sessionHttpPort(0), QUERY);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body().trim()).isEqualTo(cluster.sessionBoltAddress(0));
  }

  @Test
  void malformedPercentEncodingIsABadRequestWithAMessage() {
    for (String query : new String[] {"?zone=%ZZ", "?zone=DEFAULT_ZONE&appName=%G1x",
        "?zone=%"}) {
      Http.Answer answer = Http.get(cluster.sessionHttpPort(0), QUERY + query);
      assertThat(answer.status()).as("%s%s -> %s", QUERY, query, answer.body()).isEqualTo(400);
      assertThat(answer.body()).as("400 body for %s", query).isNotBlank();
    }
    // and the endpoint is unharmed
    assertThat(Http.get(cluster.sessionHttpPort(0), QUERY + "?zone=DEFAULT_ZONE").status())
        .isEqualTo(200);
  }

  @Test
  void everyRoleExportsPrometheusMetrics() {
    Http.Answer session = Http.get(cluster.sessionHttpPort(0), "/metrics");
    assertThat(session.status()).isEqualTo(200);
    assertThat(session.body()).contains("# TYPE roster_session_push_latency_seconds histogram",
        "roster_session_pushes_total", "roster_session_push_merged_total",
        "roster_session_push_retries_total", "roster_session_push_dropped_total");
    assertThat(Http.get(cluster.dataHttpPort(0), "/metrics").body())
        .contains("roster_data_writes_total", "roster_data_publishers");
    assertThat(Http.get(cluster.metaHttpPort(0), "/metrics").body())
        .contains("roster_meta_leader 1", "roster_meta_slot_table_epoch");
  }

  @Test
  void unknownPathIsNotFound() {
    Http.Answer answer = Http.get(cluster.sessionHttpPort(0), "/api/no/such/thing");
    assertThat(answer.status()).isEqualTo(404);
    assertThat(Http.get(cluster.sessionHttpPort(0), "/").status()).isEqualTo(404);
  }
}
