package io.roster.protocol.data;

import java.io.Serializable;

/**
 * Slot leader to follower: "what do you hold of this slot?", the first step of a catch-up. The
 * follower answers with a {@link ReplicaDigest} if its table makes it a follower of the slot under
 * that leader epoch.
 */
public final class ReplicaDigestQuery implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int slot;
  private final long leaderEpoch;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private ReplicaDigestQuery() {
    this.slot = 0;
    this.leaderEpoch = 0L;
  }

  public ReplicaDigestQuery(int slot, long leaderEpoch) {
    this.slot = slot;
    this.leaderEpoch = leaderEpoch;
  }

  public int slot() {
    return slot;
  }

  public long leaderEpoch() {
    return leaderEpoch;
  }

  @Override
  public String toString() {
    return "ReplicaDigestQuery{slot " + slot + "@" + leaderEpoch + "}";
  }
}
