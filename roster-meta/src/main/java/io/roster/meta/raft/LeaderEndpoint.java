package io.roster.meta.raft;

import java.util.Objects;

/**
 * Where the meta leader of {@code term} answers. Raft only knows peers by their raft address, but
 * sessions and data nodes need the leader's bolt address; the leader commits this record as the
 * first thing in its term, so every follower can redirect heartbeats to the right bolt port even
 * when ports were chosen at random (port 0). A follower trusts the record only when its term is
 * the term of the leader it currently follows, so a stale record from an earlier life of the same
 * raft address is never handed out.
 */
public record LeaderEndpoint(String raftAddress, String boltAddress, String httpAddress, long term) {

  public LeaderEndpoint {
    Objects.requireNonNull(raftAddress, "raftAddress");
    Objects.requireNonNull(boltAddress, "boltAddress");
    Objects.requireNonNull(httpAddress, "httpAddress");
  }
}
