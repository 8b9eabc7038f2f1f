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

  /**
   * Registers the heartbeat handler on {@code server}, and tells membership of every closed
   * connection (a killed data node's is the fastest sign of its death); call before it starts.
   */
  public void bind(BoltServer server) {
    server.handle(NodeHeartbeat.class,
        (heartbeat, from, reply) -> membership.heartbeat(heartbeat, from.id(), reply::send));
    server.listen(peer -> membership.connectionClosed(peer.id()));
  }
}
