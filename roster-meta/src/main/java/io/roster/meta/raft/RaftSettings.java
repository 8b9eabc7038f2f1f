package io.roster.meta.raft;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to run this node's raft member.
 *
 * @param bindHost where the raft RPC server listens
 * @param advertiseHost the host in this node's raft identity ({@code advertiseHost:port})
 * @param port raft RPC port; 0 picks a free one (only for a single-node group)
 * @param peers {@code host:port} of every member; empty means a group of just this node
 * @param dataDir log, meta and snapshot directories go under here
 * @param electionTimeoutMillis follower timeout before it campaigns
 * @param snapshotIntervalSecs how often the state is snapshotted and the log truncated
 */
public record RaftSettings(String bindHost, String advertiseHost, int port, List<String> peers,
    Path dataDir, int electionTimeoutMillis, int snapshotIntervalSecs) {

  public RaftSettings {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(advertiseHost, "advertiseHost");
    Objects.requireNonNull(dataDir, "dataDir");
    peers = List.copyOf(peers);
    if (!peers.isEmpty() && port == 0) {
      throw new IllegalArgumentException(
          "a multi-node raft group needs a fixed raft port: peers name each other by it");
    }
    if (electionTimeoutMillis <= 0 || snapshotIntervalSecs <= 0) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  public boolean singleNode() {
    return peers.isEmpty();
  }
}
