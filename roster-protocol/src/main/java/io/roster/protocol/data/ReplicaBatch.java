package io.roster.protocol.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Several {@link ReplicaAppend}s for one follower in one message: a session's write batch often
 * spans dozens of slots, and one round trip per slot would cost more than the writes. The follower
 * applies them in order and answers a {@link ReplicaBatchReply} with one reply per append.
 */
public final class ReplicaBatch implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ArrayList<ReplicaAppend> appends;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private ReplicaBatch() {
    this.appends = null;
  }

  public ReplicaBatch(List<ReplicaAppend> appends) {
    this.appends = new ArrayList<>(appends);
  }

  /** The appends, in order; throws {@link IllegalArgumentException} if one is not an append. */
  public List<ReplicaAppend> appends() {
    if (appends == null) {
      return List.of();
    }
    List<ReplicaAppend> checked = new ArrayList<>(appends.size());
    for (Object a : appends) {
      if (!(a instanceof ReplicaAppend append)) {
        throw new IllegalArgumentException("a replica batch entry is not an append");
      }
      checked.add(append);
    }
    return checked;
  }

  @Override
  public String toString() {
    return "ReplicaBatch{" + (appends == null ? 0 : appends.size()) + " appends}";
  }
}
