package io.roster.server.launch;

import io.roster.remoting.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roster.meta.MetaConfig;
import io.roster.meta.MetaServer;
import io.roster.model.Ticker;
import io.roster.server.config.ConfigResolver;
import io.roster.server.config.RoleName;
import io.roster.server.config.RosterConfig;
import io.roster.remoting.link.ClusterKey;
import io.roster.remoting.link.ClusterLinks;
import io.roster.server.config.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real roles that cannot reach a meta quorum at start: they keep running past
 * {@code roster.start.timeout}, answer 503 on {@code /health/check}, and become ready once the
 * quorum appears.
 */
class NoMetaQuorumTest {

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<AutoCloseable> closers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) {
      closers.get(i).close();
    }
  }

  @Test
  void aDataNodeWhoseMetaIsDownWaitsAnswering503AndServesOnceMetaComes() {
    int metaBolt = freePorts(1).get(0);
    Map<Setting, String> options = options("data");
    options.put(Setting.META_ADDRESSES, "127.0.0.1:" + metaBolt);
    RosterNode node = node(options);

    CompletableFuture<Void> start = CompletableFuture.runAsync(node::start);
    await().atMost(Duration.ofSeconds(10)).until(() -> health(node, RoleName.DATA) == 503);
    keepsTryingPastTheStartTimeout(start);
    assertThat(health(node, RoleName.DATA)).isEqualTo(503);

    MetaServer meta = new MetaServer(new MetaConfig("127.0.0.1", "127.0.0.1", metaBolt, 0, 0,
        dir.resolve("meta"), List.of(), MetaConfig.DEFAULT_SESSION_LEASE,
        MetaConfig.DEFAULT_DATA_LEASE, 256, 2), linksOf(secretFile()), Ticker.system());
    closers.add(meta);
    meta.start();
    await().atMost(Duration.ofSeconds(10)).until(start::isDone);
    assertThat(start).isCompleted();
    assertThat(health(node, RoleName.DATA)).isEqualTo(200);
  }

  @Test
  void aMetaNodeWhosePeersAreDownWaitsAnswering503() {
    List<Integer> raft = freePorts(3);
    Map<Setting, String> options = options("meta");
    options.put(Setting.META_RAFT_PORT, String.valueOf(raft.get(0)));
    options.put(Setting.META_RAFT_PEERS, raft.stream().map(p -> "127.0.0.1:" + p)
        .reduce((a, b) -> a + "," + b).orElseThrow());
    RosterNode node = node(options);

    CompletableFuture<Void> start = CompletableFuture.runAsync(node::start);
    await().atMost(Duration.ofSeconds(10)).until(() -> health(node, RoleName.META) == 503);
    keepsTryingPastTheStartTimeout(start);
    assertThat(health(node, RoleName.META)).isEqualTo(503);
  }

  /** Still starting after four start timeouts (300 ms each): it neither gave up nor got ready. */
  private static void keepsTryingPastTheStartTimeout(CompletableFuture<Void> start) {
    long deadline = System.nanoTime() + Duration.ofMillis(1200).toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (start.isDone()) {
        assertThat(start).as("start ended, though no meta quorum is reachable").isNotDone();
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private Map<Setting, String> options(String roles) {
    Map<Setting, String> options = new HashMap<>();
    for (Setting s : Setting.values()) {
      if (s.metavar().equals("PORT")) {
        options.put(s, "0");
      }
    }
    options.put(Setting.ROLES, roles);
    options.put(Setting.DATA_DIR, dir.resolve("var").toString());
    options.put(Setting.START_TIMEOUT, "300ms");
    options.put(Setting.CLUSTER_SECRET_FILE, secretFile().toString());
    return options;
  }

  private static ClusterLinks linksOf(Path secret) {
    try {
      return ClusterLinks.loopback(ClusterKey.read(secret));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The secret the nodes of this test share, made on first use. */
  private Path secretFile() {
    Path file = dir.resolve("cluster.secret");
    try {
      if (!Files.exists(file)) {
        ClusterKey.generate(file);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RosterNode node(Map<Setting, String> options) {
    RosterConfig config = new ConfigResolver(Map.of(), new Properties(), dir)
        .resolve(Optional.empty(), options);
    RosterNode node = new RosterNode(config, new ServerRoles(Ticker.system(), config.links().open(), config.bolt()),
        Ticker.system());
    closers.add(node);
    return node;
  }

  /** The role's /health/check status, or -1 while it has no HTTP port answering. */
  private int health(RosterNode node, RoleName role) {
    Optional<Role> found = node.roles().stream().filter(r -> r.name() == role).findFirst();
    if (found.isEmpty()) {
      return -1;
    }
    int port = found.get().ports().get(Role.HTTP);
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/check"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<Integer> freePorts(int count) {
    return FreePorts.reserve(count);
  }
}
