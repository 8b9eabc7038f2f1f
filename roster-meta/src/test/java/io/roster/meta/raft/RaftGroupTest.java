package io.roster.meta.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roster.remoting.link.ClusterKey;
import io.roster.model.SlotTable;
import io.roster.protocol.Status;
import io.roster.remoting.hessian.AllowlistSerializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real single-node jraft group on an ephemeral port, with Roster's bolt serializer in place. */
class RaftGroupTest {

  @TempDir
  Path dir;

  private RaftGroup group;

  @BeforeAll
  static void installRostersHessianAllowlist() {
    AllowlistSerializer.install();
  }

  @AfterEach
  void stop() {
    if (group != null) {
      group.close();
    }
  }

  @Test
  void proposingBeforeLeadingIsAValueNotAnException() throws Exception {
    group = new RaftGroup(settings(), ClusterKey.random());
    assertThat(propose(new Command.SetSwitch("k", "v")).status()).isEqualTo(Status.NOT_LEADER);
  }

  @Test
  void stateSurvivesASnapshotAndARestartOnAnotherPort() throws Exception {
    group = startLeading();
    int firstPort = group.port();
    assertThat(firstPort).isPositive();
    assertThat(group.leader().boltAddress()).isEqualTo("127.0.0.1:1");
    List<SlotTable.Slot> slots = List.of(new SlotTable.Slot(0, "d1:1", List.of("d2:2")),
        new SlotTable.Slot(1, "d2:2", List.of("d1:1")));
    assertThat(propose(new Command.SetSlotTable(0, slots))).isEqualTo(Outcome.ok());
    long epoch = group.state().slotTable().epoch();
    assertThat(epoch).isPositive();
    assertThat(propose(new Command.SetSlotTable(0, slots)).status())
        .isEqualTo(Status.EPOCH_MISMATCH);

    CompletableFuture<Outcome> snapshot = new CompletableFuture<>();
    group.snapshot(snapshot::complete);
    assertThat(snapshot.get(5, TimeUnit.SECONDS)).isEqualTo(Outcome.ok());
    try (Stream<Path> files = Files.walk(dir.resolve("snapshot"))) {
      assertThat(files.map(p -> p.getFileName().toString())).contains(StateCodec.SNAPSHOT_FILE);
    }
    group.close();

    group = startLeading();
    assertThat(group.port()).isNotEqualTo(firstPort);
    assertThat(group.state().slotTable().epoch()).isEqualTo(epoch);
    assertThat(group.state().slotTable().slots()).isEqualTo(slots);
  }

  private RaftGroup startLeading() {
    RaftGroup started = new RaftGroup(settings(), ClusterKey.random());
    started.start("127.0.0.1:1", "127.0.0.1:2");
    await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(5))
        .until(started::isLeading);
    return started;
  }

  private RaftSettings settings() {
    return new RaftSettings("127.0.0.1", "127.0.0.1", 0, List.of(), dir, 300, 3600);
  }

  private Outcome propose(Command command) throws Exception {
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    group.propose(command, done::complete);
    return done.get(5, TimeUnit.SECONDS);
  }
}
