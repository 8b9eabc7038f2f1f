package io.roster.meta.raft;

import io.roster.protocol.NodeRole;
import io.roster.protocol.meta.NodeInfo;
import java.util.Objects;

/**
 * A session or data node as the replicated meta state records it. A member is committed through
 * raft when it joins, restarts (new incarnation) or is evicted; its heartbeats are not. That keeps
 * the member list stable across a meta leader change, which data nodes rely on before they drop a
 * session's publishers.
 */
public record Member(NodeRole role, String address, String zone, long incarnation) {

  public Member {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(address, "address");
    zone = zone == null ? "" : zone;
  }

  public NodeInfo toNodeInfo() {
    return new NodeInfo(role, address, zone, incarnation);
  }
}
