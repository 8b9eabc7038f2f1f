package io.roster.meta.raft;

/**
 * Told when this node starts or stops leading. Called on jraft's state-machine thread: hand off,
 * never block.
 */
public interface LeadershipListener {

  void leaderStarted(long term);

  void leaderStopped();
}
