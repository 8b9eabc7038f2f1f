package io.roster.meta.raft;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Iterator;
import com.alipay.sofa.jraft.entity.LocalFileMetaOutter.LocalFileMeta;
import com.alipay.sofa.jraft.entity.RaftOutter.SnapshotMeta;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotReader;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotWriter;
import com.google.protobuf.Message;
import io.roster.model.SlotTable;
import io.roster.protocol.NodeRole;
import io.roster.protocol.Status;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state machine driven directly, without a raft node: apply, refusals, snapshots. */
class MetaStateMachineTest {

  private static final Member DATA = new Member(NodeRole.DATA, "10.0.0.1:9620", "z", 1);
  private static final Member SESSION = new Member(NodeRole.SESSION, "10.0.0.2:9600", "z", 2);

  @TempDir
  Path dir;

  private final MetaStateMachine fsm = new MetaStateMachine(new NoEvents());

  @Test
  void theTableEpochIsTheLogIndexItWasAppliedAt() {
    List<Outcome> outcomes = new ArrayList<>();
    FakeIterator log = new FakeIterator(outcomes);
    log.add(3, new Command.SetMembers(List.of(SESSION, DATA)));
    log.add(4, new Command.SetSlotTable(0, slots("10.0.0.1:9620", "10.0.0.3:9620")));
    log.add(5, new Command.SetSlotTable(0, slots("10.0.0.3:9620", "10.0.0.1:9620")));
    log.add(6, new Command.SetSlotTable(4, slots("10.0.0.1:9620", "10.0.0.1:9620")));
    fsm.onApply(log);

    MetaState state = fsm.state();
    assertThat(state.members()).containsExactly(DATA, SESSION);
    assertThat(state.slotTable().epoch()).isEqualTo(4);
    assertThat(state.slotTable().slot(0).leader()).isEqualTo("10.0.0.1:9620");
    assertThat(outcomes).extracting(Outcome::status)
        .containsExactly(Status.OK, Status.OK, Status.EPOCH_MISMATCH, Status.BAD_REQUEST);
  }

  @Test
  void aSlotKeepsItsLeaderEpochUntilItsOwnLeaderChanges() {
    FakeIterator log = new FakeIterator(new ArrayList<>());
    log.add(4, new Command.SetSlotTable(0, slots("10.0.0.1:9620", "10.0.0.3:9620")));
    // Slot 0 keeps its leader and only gains a follower; slot 1 moves to a new leader.
    log.add(5, new Command.SetSlotTable(4, List.of(
        new SlotTable.Slot(0, "10.0.0.1:9620", List.of("10.0.0.3:9620", "10.0.0.4:9620")),
        new SlotTable.Slot(1, "10.0.0.4:9620", List.of("10.0.0.1:9620")))));
    fsm.onApply(log);

    SlotTable table = fsm.state().slotTable();
    assertThat(table.epoch()).isEqualTo(5);
    assertThat(table.slot(0).leaderEpoch()).isEqualTo(4);
    assertThat(table.slot(1).leaderEpoch()).isEqualTo(5);
  }

  @Test
  void anUndecodableEntryHaltsInsteadOfSkipping() {
    FakeIterator log = new FakeIterator(new ArrayList<>());
    log.add(1, new Command.SetMembers(List.of(DATA)));
    log.addRaw(2, new byte[] {1, 99});
    log.add(3, new Command.SetMembers(List.of()));
    fsm.onApply(log);
    assertThat(log.rolledBack).isTrue();
    assertThat(fsm.state().members()).containsExactly(DATA);
  }

  @Test
  void aSnapshotRoundTripsTheWholeState() {
    FakeIterator log = new FakeIterator(new ArrayList<>());
    log.add(7, new Command.SetMembers(List.of(DATA, SESSION)));
    log.add(8, new Command.SetSlotTable(0, slots("10.0.0.1:9620", "10.0.0.3:9620")));
    log.add(9, new Command.AnnounceLeader(
        new LeaderEndpoint("127.0.0.1:9614", "127.0.0.1:9612", "127.0.0.1:9615", 3)));
    log.add(10, new Command.SetSwitch("stopPush", "true"));
    fsm.onApply(log);

    FakeSnapshot snapshot = new FakeSnapshot(dir);
    List<com.alipay.sofa.jraft.Status> saved = new ArrayList<>();
    fsm.onSnapshotSave(snapshot.writer(), saved::add);
    assertThat(saved).hasSize(1).allMatch(com.alipay.sofa.jraft.Status::isOk);
    assertThat(snapshot.files).containsExactly(StateCodec.SNAPSHOT_FILE);

    MetaStateMachine restored = new MetaStateMachine(new NoEvents());
    assertThat(restored.onSnapshotLoad(snapshot.reader())).isTrue();
    MetaState before = fsm.state();
    MetaState after = restored.state();
    assertThat(after.slotTable().epoch()).isEqualTo(8);
    assertThat(after.slotTable().sameAssignment(before.slotTable())).isTrue();
    assertThat(after.slotTable().slots()).extracting(SlotTable.Slot::leaderEpoch).containsOnly(8L);
    assertThat(after.members()).isEqualTo(before.members());
    assertThat(after.leader()).isEqualTo(before.leader());
    assertThat(after.switches()).containsExactly(java.util.Map.entry("stopPush", "true"));
  }

  @Test
  void aCorruptSnapshotIsRefused() throws Exception {
    FakeIterator log = new FakeIterator(new ArrayList<>());
    log.add(2, new Command.SetMembers(List.of(DATA)));
    fsm.onApply(log);
    FakeSnapshot snapshot = new FakeSnapshot(dir);
    fsm.onSnapshotSave(snapshot.writer(), status -> { });
    Path file = dir.resolve(StateCodec.SNAPSHOT_FILE);
    byte[] bytes = Files.readAllBytes(file);
    bytes[12] ^= 0x40;
    Files.write(file, bytes);

    MetaStateMachine restored = new MetaStateMachine(new NoEvents());
    assertThat(restored.onSnapshotLoad(snapshot.reader())).isFalse();
    assertThat(restored.state().members()).isEmpty();
  }

  /** Two slots: slot 0 led by {@code first}, slot 1 by {@code second}, following each other. */
  private static List<SlotTable.Slot> slots(String first, String second) {
    return List.of(new SlotTable.Slot(0, first, List.of(second)),
        new SlotTable.Slot(1, second, List.of(first)));
  }

  private static final class NoEvents implements MetaStateMachine.Events {
    @Override
    public void leaderStarted(long term) {}

    @Override
    public void leaderStopped() {}

    @Override
    public void followingStarted(String leaderRaftAddress, long term) {}

    @Override
    public void followingStopped() {}
  }

  /** Committed entries as jraft's iterator presents them, each with a proposer's closure. */
  private static final class FakeIterator implements Iterator {
    private final List<long[]> indexes = new ArrayList<>();
    private final List<byte[]> data = new ArrayList<>();
    private final List<Outcome> outcomes;
    private int position;
    boolean rolledBack;

    FakeIterator(List<Outcome> outcomes) {
      this.outcomes = outcomes;
    }

    void add(long index, Command command) {
      addRaw(index, StateCodec.encode(command));
    }

    void addRaw(long index, byte[] bytes) {
      indexes.add(new long[] {index});
      data.add(bytes);
    }

    @Override
    public boolean hasNext() {
      return !rolledBack && position < data.size();
    }

    @Override
    public ByteBuffer next() {
      position++;
      return null;
    }

    @Override
    public ByteBuffer getData() {
      return ByteBuffer.wrap(data.get(position));
    }

    @Override
    public long getIndex() {
      return indexes.get(position)[0];
    }

    @Override
    public long getTerm() {
      return 1;
    }

    @Override
    public Closure done() {
      ProposalClosure closure = new ProposalClosure(outcomes::add);
      return closure;
    }

    @Override
    public void setAutoCommitPerLog(boolean status) {}

    @Override
    public boolean commit() {
      return false;
    }

    @Override
    public void commitAndSnapshotSync(Closure done) {}

    @Override
    public void setErrorAndRollback(long ntail, com.alipay.sofa.jraft.Status st) {
      rolledBack = true;
    }
  }

  /** A snapshot directory with jraft's writer/reader contract reduced to what the FSM uses. */
  private static final class FakeSnapshot {
    private final Path path;
    private final Set<String> files = new TreeSet<>();

    FakeSnapshot(Path path) {
      this.path = path;
    }

    SnapshotWriter writer() {
      return new SnapshotWriter() {
        @Override
        public boolean saveMeta(SnapshotMeta meta) {
          return true;
        }

        @Override
        public boolean addFile(String fileName, Message fileMeta) {
          return files.add(fileName);
        }

        @Override
        public boolean removeFile(String fileName) {
          return files.remove(fileName);
        }

        @Override
        public void close(boolean keepDataOnError) {}

        @Override
        public void close() {}

        @Override
        public boolean init(Void opts) {
          return true;
        }

        @Override
        public void shutdown() {}

        @Override
        public String getPath() {
          return path.toString();
        }

        @Override
        public Set<String> listFiles() {
          return files;
        }

        @Override
        public Message getFileMeta(String fileName) {
          return files.contains(fileName) ? LocalFileMeta.getDefaultInstance() : null;
        }
      };
    }

    SnapshotReader reader() {
      return new SnapshotReader() {
        @Override
        public SnapshotMeta load() {
          return SnapshotMeta.getDefaultInstance();
        }

        @Override
        public String generateURIForCopy() {
          return null;
        }

        @Override
        public void close() {}

        @Override
        public boolean init(Void opts) {
          return true;
        }

        @Override
        public void shutdown() {}

        @Override
        public String getPath() {
          return path.toString();
        }

        @Override
        public Set<String> listFiles() {
          return files;
        }

        @Override
        public Message getFileMeta(String fileName) {
          return files.contains(fileName) ? LocalFileMeta.getDefaultInstance() : null;
        }
      };
    }
  }
}
