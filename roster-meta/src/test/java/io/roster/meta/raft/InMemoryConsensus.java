package io.roster.meta.raft;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** A one-node "raft" that applies each proposal at once, for testing code above the raft layer. */
public final class InMemoryConsensus implements Consensus {

  private final AtomicLong index = new AtomicLong(10);
  private volatile MetaState state = MetaState.EMPTY;
  private volatile boolean leading;
  private volatile String leaderBoltAddress;

  public void lead(String boltAddress) {
    leaderBoltAddress = boltAddress;
    leading = true;
  }

  public void follow(String leaderBolt) {
    leaderBoltAddress = leaderBolt;
    leading = false;
  }

  /** Applies a command as if committed by an earlier leader. */
  public synchronized void preload(Command command) {
    state = state.apply(command, index.incrementAndGet()).state();
  }

  @Override
  public MetaState state() {
    return state;
  }

  @Override
  public boolean isLeading() {
    return leading;
  }

  @Override
  public String leaderBoltAddress() {
    return leaderBoltAddress;
  }

  @Override
  public synchronized void propose(Command command, Consumer<Outcome> done) {
    if (!leading) {
      done.accept(Outcome.of(io.roster.protocol.Status.NOT_LEADER, "not leading"));
      return;
    }
    MetaState.Applied applied = state.apply(command, index.incrementAndGet());
    state = applied.state();
    done.accept(applied.outcome());
  }
}
