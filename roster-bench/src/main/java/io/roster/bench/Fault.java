package io.roster.bench;

/**
 * One fault of the {@code failover} scenario, run once per round: {@link #inject} kills a node and
 * measures until the cluster has recovered from the clients' point of view; {@link #recover}
 * restarts the node and waits until the cluster is whole again. They are separate so that a
 * round whose measurement failed still restarts its node before the next fault.
 */
interface Fault {

  /** meta, data or session: the prefix of its measures and of its report lines. */
  String name();

  /** The measures {@link #inject} samples into the tally, one each per successful round. */
  String[] measures();

  /** Kills the node, samples the measures; returns a one-line summary. Throws if it timed out. */
  String inject(int round);

  /** Restarts what {@link #inject} killed and waits until the cluster is converged again. */
  void recover(int round);
}
