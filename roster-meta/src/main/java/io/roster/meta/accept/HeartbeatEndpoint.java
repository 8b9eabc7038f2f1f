package io.roster.meta.accept;

import io.roster.meta.membership.Membership;
import io.roster.protocol.meta.NodeHeartbeat;
import io.roster.remoting.BoltServer;

/**
 * The bolt face of meta: sessions and data nodes send {@link NodeHeartbeat} here. The handler runs
 * on a bolt I/O thread, so it only hands the request to the membership thread, which answers
 * through the reply from there (a follower answers {@code NOT_LEADER} with the leader's bolt
 * address).
 */
public final class HeartbeatEndpoint {

  private final Membership membership;

  public HeartbeatEndpoint(Membership membership) {
    this.membership = membership;
  }

  /** Registers the heartbeat handler on {@code server}; call before the server starts. */
  public void bind(BoltServer server) {
    server.handle(NodeHeartbeat.class,
        (heartbeat, from, reply) -> membership.heartbeat(heartbeat, reply::send));
  }
}
