package io.roster.server.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.roster.model.Ticker;
import io.roster.server.config.ConfigResolver;
import io.roster.server.config.RoleName;
import io.roster.server.config.RosterConfig;
import io.roster.server.config.Setting;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RosterNodeTest {

  @TempDir
  Path dir;

  private final FakeRoles fakes = new FakeRoles();
  private final Map<Setting, String> options = new HashMap<>(Map.of(
      Setting.META_PORT, "0", Setting.START_TIMEOUT, "10s"));

  private RosterNode node() {
    RosterConfig config = new ConfigResolver(Map.of(), new Properties(), dir)
        .resolve(Optional.empty(), options);
    return new RosterNode(config, fakes, Ticker.system());
  }

  @Test
  void startsMetaThenDataThenSessionAndHandsThemMetasActualAddress() {
    try (RosterNode node = node()) {
      node.start();

      assertThat(fakes.events).containsExactly("create meta", "start meta", "create data",
          "start data", "create session", "start session");
      assertThat(fakes.dataConfig.metaAddresses()).containsExactly("127.0.0.1:41001");
      assertThat(fakes.sessionConfig.metaAddresses()).containsExactly("127.0.0.1:41001");
      assertThat(node.roles()).extracting(Role::name)
          .containsExactly(RoleName.META, RoleName.DATA, RoleName.SESSION);
    }
  }

  @Test
  void configuredMetaAddressesWin() {
    options.put(Setting.META_ADDRESSES, "10.0.0.1:9612,10.0.0.2:9612");
    try (RosterNode node = node()) {
      node.start();

      assertThat(fakes.sessionConfig.metaAddresses())
          .containsExactly("10.0.0.1:9612", "10.0.0.2:9612");
    }
  }

  @Test
  void runsOnlyTheConfiguredRoles() {
    options.put(Setting.ROLES, "session");
    options.put(Setting.META_ADDRESSES, "10.0.0.1:9612");
    options.put(Setting.CLUSTER_SECRET_FILE, dir.resolve("cluster.secret").toString());
    try (RosterNode node = node()) {
      node.start();

      assertThat(fakes.events).containsExactly("create session", "start session");
    }
  }

  @Test
  void dataAndSessionStartWithoutWaitingForMetaToBeReady() {
    fakes.role(RoleName.META).ready.set(false);
    try (RosterNode node = node()) {
      CompletableFuture<Void> start = CompletableFuture.runAsync(node::start);

      // Meta has no leader yet, but every role is up and can answer /health/check with 503.
      await().until(() -> fakes.events.contains("start session"));
      assertThat(fakes.events).containsExactly("create meta", "start meta", "create data",
          "start data", "create session", "start session");
      assertThat(start).isNotDone();

      fakes.role(RoleName.META).ready.set(true);
      await().untilAsserted(() -> assertThat(start).isCompleted());
    }
  }

  @Test
  void startReturnsOnlyWhenEveryRoleIsReady() {
    fakes.role(RoleName.SESSION).ready.set(false);
    try (RosterNode node = node()) {
      CompletableFuture<Void> start = CompletableFuture.runAsync(node::start);

      await().until(() -> fakes.events.contains("start session"));
      assertThat(start).isNotDone();

      fakes.role(RoleName.SESSION).ready.set(true);
      await().untilAsserted(() -> assertThat(start).isCompleted());
    }
  }

  @Test
  void keepsWaitingPastTheStartTimeoutAndSaysWhichRolesAreNotReady() {
    options.put(Setting.START_TIMEOUT, "200ms");
    fakes.role(RoleName.DATA).ready.set(false);
    fakes.role(RoleName.SESSION).ready.set(false);
    List<String> said = new CopyOnWriteArrayList<>();
    try (RosterNode node = node()) {
      CompletableFuture<Void> start = CompletableFuture.runAsync(() -> node.start(said::add));

      await().atMost(5, TimeUnit.SECONDS).until(() -> said.size() >= 2);
      assertThat(said.get(0)).startsWith("not ready after ").contains(" ms: data, session; still trying");
      assertThat(start).as("a node without a meta quorum keeps trying").isNotDone();
      assertThat(fakes.events).noneMatch(e -> e.startsWith("close"));

      fakes.role(RoleName.DATA).ready.set(true);
      fakes.role(RoleName.SESSION).ready.set(true);
      await().untilAsserted(() -> assertThat(start).isCompleted());
    }
  }

  @Test
  void aRoleThatFailsToStartStopsTheOnesAlreadyRunning() {
    fakes.role(RoleName.DATA).failStart = new IllegalStateException("port in use");
    RosterNode node = node();

    assertThatThrownBy(node::start)
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("data failed to start")
        .hasMessageContaining("port in use");
    assertThat(fakes.events).containsExactly("create meta", "start meta", "create data",
        "start data", "close data", "close meta");
  }

  @Test
  void closeStopsSessionThenDataThenMetaOnceEvenIfOneFails() {
    RosterNode node = node();
    node.start();
    fakes.role(RoleName.DATA).failClose = new IllegalStateException("boom");

    node.close();
    node.close();

    assertThat(fakes.events.subList(6, fakes.events.size()))
        .containsExactly("close session", "close data", "close meta");
  }

  @Test
  void closeDuringStartEndsTheWaitPromptly() {
    fakes.role(RoleName.META).ready.set(false);
    RosterNode node = node();
    CompletableFuture<Void> start = CompletableFuture.runAsync(node::start);
    await().until(() -> fakes.events.contains("start meta"));

    node.close();

    assertThat(start).failsWithin(5, TimeUnit.SECONDS)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(StartupException.class)
        .withMessageContaining("stopped while starting");
    assertThat(fakes.events).containsExactly("create meta", "start meta", "create data",
        "start data", "create session", "start session", "close session", "close data", "close meta");
  }

  @Test
  void readyLineListsClientFacingRolesFirst() {
    try (RosterNode node = node()) {
      node.start();

      assertThat(ReadyLine.format(1234, node.roles(), Path.of("./var"))).isEqualTo(
          "Roster ready in 1234 ms: session bolt 41003 http 41004 | data bolt 41002 http 41003"
              + " | meta bolt 41001 raft 41000 http 41002 | data dir ./var");
    }
  }
}
