package io.roster.meta.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/** A one-node "raft" that applies each proposal at once, for testing code above the raft layer. */
public final class InMemoryConsensus implements Consensus {

  private final AtomicLong index = new AtomicLong(10);
  private volatile MetaState state = MetaState.EMPTY;
  private volatile boolean leading;
  private volatile String leaderBoltAddress;
  private volatile Function<Command, Outcome> refusal = command -> null;
  private final List<Command> proposed = new ArrayList<>();

  /** Every later proposal for which {@code refusal} answers non-null fails with that outcome. */
  public void refuse(Function<Command, Outcome> refusal) {
    this.refusal = refusal;
  }

  private final List<Consumer<Outcome>> held = new ArrayList<>();
  private volatile boolean holding;

  /** The next proposal is neither applied nor answered until {@link #release}. */
  public void holdNext() {
    holding = true;
  }

  /** Answers every held proposal with {@code outcome}, without applying it. */
  public void release(Outcome outcome) {
    List<Consumer<Outcome>> answers;
    synchronized (this) {
      answers = List.copyOf(held);
      held.clear();
    }
    answers.forEach(done -> done.accept(outcome));
  }

  /** Every proposal so far, applied or refused, in order. */
  public synchronized List<Command> proposed() {
    return List.copyOf(proposed);
  }

  private volatile long term;

  public void lead(String boltAddress) {
    leaderBoltAddress = boltAddress;
    term++;
    leading = true;
  }

  @Override
  public LeaderEndpoint unannounced() {
    LeaderEndpoint committed = state.leader();
    if (!leading || (committed != null && committed.term() == term)) {
      return null;
    }
    return new LeaderEndpoint("raft-of-" + leaderBoltAddress, leaderBoltAddress,
        "http-of-" + leaderBoltAddress, term);
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
    proposed.add(command);
    if (holding) {
      holding = false;
      held.add(done);
      return;
    }
    Outcome refused = refusal.apply(command);
    if (refused != null) {
      done.accept(refused);
      return;
    }
    if (!leading) {
      done.accept(Outcome.of(io.roster.protocol.Status.NOT_LEADER, "not leading"));
      return;
    }
    MetaState.Applied applied = state.apply(command, index.incrementAndGet());
    state = applied.state();
    done.accept(applied.outcome());
  }
}
