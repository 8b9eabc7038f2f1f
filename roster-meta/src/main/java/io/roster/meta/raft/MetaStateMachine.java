package io.roster.meta.raft;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Iterator;
import com.alipay.sofa.jraft.core.StateMachineAdapter;
import com.alipay.sofa.jraft.entity.LeaderChangeContext;
import com.alipay.sofa.jraft.error.RaftError;
import com.alipay.sofa.jraft.error.RaftException;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotReader;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotWriter;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meta state machine. jraft calls every method here on its single FSM thread, which is
 * therefore the only writer of {@link #state}; readers on other threads see whole immutable
 * {@link MetaState} values through the volatile field. Leadership changes are forwarded to
 * {@link Events} (also on the FSM thread), which must not block.
 */
final class MetaStateMachine extends StateMachineAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(MetaStateMachine.class);

  /** Leadership callbacks, on the FSM thread. */
  interface Events {
    void leaderStarted(long term);

    void leaderStopped();

    void followingStarted(String leaderRaftAddress, long term);

    void followingStopped();
  }

  private final Events events;
  private volatile MetaState state = MetaState.EMPTY;

  MetaStateMachine(Events events) {
    this.events = events;
  }

  MetaState state() {
    return state;
  }

  @Override
  public void onApply(Iterator iter) {
    while (iter.hasNext()) {
      Command command;
      try {
        command = StateCodec.decode(iter.getData());
      } catch (IOException e) {
        // A log entry this build cannot read (corrupt, or from a newer release): applying the
        // rest would diverge from replicas that can, so stop this node's state machine.
        LOG.error("cannot decode raft entry {}; halting the meta state machine", iter.getIndex(), e);
        iter.setErrorAndRollback(1, new com.alipay.sofa.jraft.Status(RaftError.ESTATEMACHINE,
            "undecodable entry at %d: %s", iter.getIndex(), e.getMessage()));
        return;
      }
      MetaState.Applied applied = state.apply(command, iter.getIndex());
      state = applied.state();
      Closure done = iter.done();
      if (done instanceof ProposalClosure proposal) {
        proposal.applied(applied.outcome());
      }
      if (done != null) {
        done.run(com.alipay.sofa.jraft.Status.OK());
      }
      iter.next();
    }
  }

  @Override
  public void onSnapshotSave(SnapshotWriter writer, Closure done) {
    MetaState snapshot = state;
    try {
      StateCodec.writeSnapshot(Path.of(writer.getPath(), StateCodec.SNAPSHOT_FILE), snapshot);
    } catch (IOException e) {
      LOG.error("meta snapshot failed", e);
      done.run(new com.alipay.sofa.jraft.Status(RaftError.EIO, "snapshot write failed: %s",
          e.getMessage()));
      return;
    }
    if (writer.addFile(StateCodec.SNAPSHOT_FILE)) {
      done.run(com.alipay.sofa.jraft.Status.OK());
    } else {
      done.run(new com.alipay.sofa.jraft.Status(RaftError.EIO, "cannot add snapshot file"));
    }
  }

  @Override
  public boolean onSnapshotLoad(SnapshotReader reader) {
    if (reader.getFileMeta(StateCodec.SNAPSHOT_FILE) == null) {
      LOG.error("snapshot at {} has no {}", reader.getPath(), StateCodec.SNAPSHOT_FILE);
      return false;
    }
    try {
      state = StateCodec.readSnapshot(Path.of(reader.getPath(), StateCodec.SNAPSHOT_FILE));
    } catch (IOException e) {
      LOG.error("cannot load meta snapshot from {}", reader.getPath(), e);
      return false;
    }
    LOG.info("loaded meta snapshot {}", state);
    return true;
  }

  @Override
  public void onLeaderStart(long term) {
    LOG.info("meta leader for term {}", term);
    events.leaderStarted(term);
  }

  @Override
  public void onLeaderStop(com.alipay.sofa.jraft.Status status) {
    LOG.info("meta leadership ended: {}", status);
    events.leaderStopped();
  }

  @Override
  public void onStartFollowing(LeaderChangeContext ctx) {
    events.followingStarted(ctx.getLeaderId().getEndpoint().toString(), ctx.getTerm());
  }

  @Override
  public void onStopFollowing(LeaderChangeContext ctx) {
    events.followingStopped();
  }

  @Override
  public void onError(RaftException e) {
    LOG.error("meta raft node is in error state", e);
  }
}
