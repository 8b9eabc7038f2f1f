package io.roster.testkit;

import io.roster.data.DataConfig;
import io.roster.model.Ticker;
import io.roster.session.SessionConfig;
import io.roster.session.accept.ClientAuth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/** Settings of a {@link LocalCluster}; every setter returns this builder. */
public final class LocalClusterBuilder {
  final Path root;
  int metas = 1;
  int datas = 1;
  int sessions = 1;
  String[] zones = {SessionConfig.DEFAULT_ZONE};
  String dataCenter = SessionConfig.DEFAULT_DATA_CENTER;
  int maxPayloadBytes = SessionConfig.DEFAULT_MAX_PAYLOAD_BYTES;
  int maxPublishersPerConnection = SessionConfig.DEFAULT_MAX_PUBLISHERS_PER_CONNECTION;
  Duration heartbeatInterval = Duration.ofMillis(200);
  Duration lease = Duration.ofSeconds(5);
  Duration dataLease = Duration.ofSeconds(5);
  Duration syncTimeout = Duration.ofSeconds(5);
  Duration checkInterval = DataConfig.DEFAULT_CHECK_INTERVAL;
  int storeThreads;
  int slotCount = 64;
  int replicas = 2;
  Duration startTimeout = Duration.ofSeconds(30);
  String bindHost = LocalCluster.LOCALHOST;
  Ticker ticker = Ticker.system();
  boolean severableSessionMetaLinks;
  ClientAuth clientAuth = ClientAuth.OFF;

  LocalClusterBuilder(Path root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  public LocalClusterBuilder metas(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("at least one meta node");
    }
    this.metas = n;
    return this;
  }

  public LocalClusterBuilder datas(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("at least one data node");
    }
    this.datas = n;
    return this;
  }

  public LocalClusterBuilder sessions(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("at least one session node");
    }
    this.sessions = n;
    return this;
  }

  /**
   * Zones of the sessions, by index. Sessions beyond the list get the last zone given, so
   * {@code sessionZones("Z")} puts every session in zone {@code Z}.
   */
  public LocalClusterBuilder sessionZones(String... zones) {
    if (zones.length == 0) {
      throw new IllegalArgumentException("at least one zone");
    }
    this.zones = Arrays.copyOf(zones, zones.length);
    return this;
  }

  public LocalClusterBuilder dataCenter(String dataCenter) {
    this.dataCenter = Objects.requireNonNull(dataCenter);
    return this;
  }

  public LocalClusterBuilder maxPayloadBytes(int bytes) {
    this.maxPayloadBytes = bytes;
    return this;
  }

  public LocalClusterBuilder maxPublishersPerConnection(int n) {
    this.maxPublishersPerConnection = n;
    return this;
  }

  /** Heartbeat of data and session nodes to meta; short in tests (default 200 ms). */
  public LocalClusterBuilder heartbeatInterval(Duration interval) {
    this.heartbeatInterval = Objects.requireNonNull(interval);
    return this;
  }

  /** How often, on average, slot leaders compare followers and sessions with their own copy. */
  public LocalClusterBuilder checkInterval(Duration interval) {
    this.checkInterval = Objects.requireNonNull(interval);
    return this;
  }

  /** Store threads per data node (default 0: one per core). */
  public LocalClusterBuilder storeThreads(int threads) {
    this.storeThreads = threads;
    return this;
  }

  /** How long a data node taking over a slot waits for every session's sync (default 5 s). */
  public LocalClusterBuilder syncTimeout(Duration timeout) {
    this.syncTimeout = Objects.requireNonNull(timeout);
    return this;
  }

  /** Meta's lease for data nodes (default 5 s in tests). */
  public LocalClusterBuilder dataLease(Duration lease) {
    this.dataLease = Objects.requireNonNull(lease);
    return this;
  }

  /** Meta's lease for sessions (default 5 s in tests). */
  public LocalClusterBuilder lease(Duration lease) {
    this.lease = Objects.requireNonNull(lease);
    return this;
  }

  /** Number of slots, a power of two (default 64 in tests). */
  public LocalClusterBuilder slotCount(int slots) {
    this.slotCount = slots;
    return this;
  }

  /** Copies per slot; capped at the number of data nodes (default 2). */
  public LocalClusterBuilder replicas(int replicas) {
    this.replicas = replicas;
    return this;
  }

  /** How long {@link #start()} and restarts wait for readiness (default 30 s). */
  public LocalClusterBuilder startTimeout(Duration timeout) {
    this.startTimeout = Objects.requireNonNull(timeout);
    return this;
  }

  public LocalClusterBuilder bindHost(String host) {
    this.bindHost = Objects.requireNonNull(host);
    return this;
  }

  /**
   * Routes every session's heartbeats to meta through a relay that
   * {@link LocalCluster#cutSessionFromMeta} can cut, while its client and data connections stay up.
   */
  public LocalClusterBuilder severableSessionMetaLinks() {
    this.severableSessionMetaLinks = true;
    return this;
  }

  /** Every session accepts only registrations signed with one of these access keys. */
  public LocalClusterBuilder clientAuth(ClientAuth auth) {
    this.clientAuth = Objects.requireNonNull(auth);
    return this;
  }

  public LocalClusterBuilder ticker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker);
    return this;
  }

  String zoneOf(int sessionIndex) {
    return zones[Math.min(sessionIndex, zones.length - 1)];
  }

  /**
   * Starts every node and returns once all are ready. On failure everything already started is
   * closed and the error names the node that failed.
   */
  public LocalCluster start() {
    LocalCluster cluster = new LocalCluster(this);
    cluster.startAll();
    return cluster;
  }
}
