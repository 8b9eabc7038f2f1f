package io.roster.meta;

import io.roster.remoting.http.HttpLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one meta node.
 *
 * @param bindHost where to listen, e.g. {@code 0.0.0.0}
 * @param advertiseHost the host other nodes use to reach this one
 * @param boltPort sessions and data nodes send heartbeats here (default 9612; 0 picks a free port)
 * @param raftPort SOFAJRaft peer traffic (default 9614; 0 picks a free port)
 * @param httpPort admin HTTP (default 9615; 0 picks a free port)
 * @param dataDir raft log, metadata and snapshots live under here
 * @param raftPeers {@code host:raftPort} of every member; empty means a group of just this node
 * @param sessionLease a session whose heartbeats stop for this long is evicted (long: a GC pause
 *     must never drop its clients' publishers)
 * @param dataLease a data node whose heartbeats stop for this long is evicted and its slots move
 *     (short: a data node is rebuilt from the sessions); a data node whose connection to meta
 *     drops is evicted sooner, after {@code min(dataLease, 1 s)} without a new heartbeat
 * @param slotCount number of slots, a power of two (default 256)
 * @param replicas copies of each slot, leader included (default 2)
 * @param http limits of the admin HTTP port
 */
public record MetaConfig(String bindHost, String advertiseHost, int boltPort, int raftPort,
    int httpPort, Path dataDir, List<String> raftPeers, Duration sessionLease, Duration dataLease,
    int slotCount, int replicas, HttpLimits http) {

  public static final int DEFAULT_BOLT_PORT = 9612;
  public static final int DEFAULT_RAFT_PORT = 9614;
  public static final int DEFAULT_HTTP_PORT = 9615;
  public static final Duration DEFAULT_SESSION_LEASE = Duration.ofSeconds(20);
  public static final Duration DEFAULT_DATA_LEASE = Duration.ofSeconds(5);

  /**
   * A single-node meta on loopback with every port chosen by the OS, the default leases, 256 slots
   * and 2 replicas: what tests and in-process clusters want.
   */
  public static MetaConfig ephemeral(Path dataDir) {
    return new MetaConfig("127.0.0.1", "127.0.0.1", 0, 0, 0, dataDir, List.of(),
        DEFAULT_SESSION_LEASE, DEFAULT_DATA_LEASE, 256, 2);
  }

  public MetaConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(advertiseHost, "advertiseHost");
    Objects.requireNonNull(dataDir, "dataDir");
    raftPeers = List.copyOf(raftPeers);
    for (Duration lease : List.of(sessionLease, dataLease)) {
      if (lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("leases must be positive: " + lease);
      }
    }
    if (Integer.bitCount(slotCount) != 1) {
      throw new IllegalArgumentException("slotCount must be a power of two: " + slotCount);
    }
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be at least 1");
    }
    Objects.requireNonNull(http, "http");
  }

  /** With the default HTTP limits. */
  public MetaConfig(String bindHost, String advertiseHost, int boltPort, int raftPort,
      int httpPort, Path dataDir, List<String> raftPeers, Duration sessionLease, Duration dataLease,
      int slotCount, int replicas) {
    this(bindHost, advertiseHost, boltPort, raftPort, httpPort, dataDir, raftPeers, sessionLease,
        dataLease, slotCount, replicas, HttpLimits.defaults());
  }

  /** These settings with other HTTP limits. */
  public MetaConfig withHttp(HttpLimits limits) {
    return new MetaConfig(bindHost, advertiseHost, boltPort, raftPort, httpPort, dataDir, raftPeers,
        sessionLease, dataLease, slotCount, replicas, limits);
  }
}
