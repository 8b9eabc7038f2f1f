package io.roster.meta.raft;

import java.util.function.Consumer;

/**
 * What the rest of meta needs from the raft group, without any jraft type: the committed state,
 * whether this node leads, its endpoints to announce, and a way to propose. Membership is written against this interface so
 * it can be tested with an in-memory fake.
 */
public interface Consensus {

  /** The latest applied state; any thread. */
  MetaState state();

  /** True once this node leads and its state machine has caught up with the log. */
  boolean isLeading();

  /** The leader's bolt address ({@code host:port}), or null while unknown. */
  String leaderBoltAddress();

  /**
   * This node's endpoints while it leads and the committed state does not yet name them for its
   * term, else null. Whoever drives proposals (membership) commits them first thing in a term,
   * and again after a failure, because followers can redirect to no one until it is committed.
   */
  LeaderEndpoint unannounced();

  /**
   * Proposes {@code command}. {@code done} runs exactly once, on some raft thread, with the
   * outcome; it must hand off rather than do work there.
   */
  void propose(Command command, Consumer<Outcome> done);
}
