package io.roster.protocol.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A follower's answers to a {@link ReplicaBatch}, one per append, in the same order. */
public final class ReplicaBatchReply implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ArrayList<ReplicaReply> replies;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private ReplicaBatchReply() {
    this.replies = null;
  }

  public ReplicaBatchReply(List<ReplicaReply> replies) {
    this.replies = new ArrayList<>(replies);
  }

  /** The reply at {@code i}, or null when there is none or it is not a reply. */
  public ReplicaReply reply(int i) {
    if (replies == null || i < 0 || i >= replies.size()) {
      return null;
    }
    Object r = replies.get(i);
    return r instanceof ReplicaReply reply ? reply : null;
  }

  @Override
  public String toString() {
    return "ReplicaBatchReply{" + (replies == null ? 0 : replies.size()) + " replies}";
  }
}
