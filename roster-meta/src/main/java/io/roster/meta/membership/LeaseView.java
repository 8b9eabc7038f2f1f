package io.roster.meta.membership;

import io.roster.meta.raft.Member;
import java.util.List;
import java.util.Objects;

/**
 * One lease as the meta leader holds it, copied out of the membership thread for the admin pages.
 *
 * @param member the node, as its last heartbeat described it (it may not be committed yet)
 * @param remainingMillis until the lease ends unless renewed; 0 when it is due to expire
 * @param laggingSlots for a data node, the slots it follows that have not caught up with their
 *     leader, as its last heartbeat reported them
 */
public record LeaseView(Member member, long remainingMillis, List<Integer> laggingSlots) {

  public LeaseView {
    Objects.requireNonNull(member, "member");
    laggingSlots = List.copyOf(laggingSlots);
  }

  public LeaseView(Member member, long remainingMillis) {
    this(member, remainingMillis, List.of());
  }
}
