package io.roster.meta;

import io.roster.meta.accept.HeartbeatEndpoint;
import io.roster.meta.admin.MetaAdminRoutes;
import io.roster.meta.membership.Membership;
import io.roster.meta.raft.RaftGroup;
import io.roster.meta.raft.RaftSettings;
import io.roster.model.Ticker;
import io.roster.remoting.BoltServer;
import io.roster.remoting.guard.GuardLimits;
import io.roster.remoting.link.ClusterLinks;
import io.roster.remoting.http.HttpHost;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root of the meta role: builds the raft member, the membership loop, the bolt
 * heartbeat endpoint and the admin HTTP pages, and wires them by constructor. Nothing here is
 * static or global, so several meta nodes can run in one JVM (tests, {@code ./roster start}).
 *
 * <p>Start order matters: bolt and HTTP bind first so their real ports (port 0 allowed) are known
 * when raft starts, because a new raft leader commits its bolt address for followers to redirect
 * to. The HTTP port is bound already in the constructor (the JDK server binds on creation).
 */
public final class MetaServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MetaServer.class);

  /** A single-node group has no one to wait for; a real group tolerates a slow peer. */
  private static final int SINGLE_NODE_ELECTION_MILLIS = 300;
  private static final int GROUP_ELECTION_MILLIS = 1000;
  private static final int SNAPSHOT_INTERVAL_SECS = 600;

  private final MetaConfig config;
  private final RaftGroup raft;
  private final Membership membership;
  private final BoltServer bolt;
  private final HttpHost http;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** With the default bolt limits. */
  public MetaServer(MetaConfig config, ClusterLinks links, Ticker ticker) {
    this(config, links, GuardLimits.DEFAULT, ticker);
  }

  /** @param boltLimits what the meta bolt port (heartbeats) and the raft port accept */
  public MetaServer(MetaConfig config, ClusterLinks links, GuardLimits boltLimits, Ticker ticker) {
    this.config = config;
    this.raft = new RaftGroup(raftSettings(config, links), links.key(), boltLimits,
        links.tls().members());
    this.membership = new Membership(raft, ticker, config.sessionLease(), config.dataLease(),
        config.slotCount(), config.replicas());
    raft.subscribe(membership);
    this.bolt = BoltServer.forMembers(config.boltPort(), boltLimits, links, "meta");
    new HeartbeatEndpoint(membership).bind(bolt);
    this.http = new HttpHost(config.bindHost(), config.httpPort(), "meta", config.http(),
        links.tls().adminHttp());
    new MetaAdminRoutes(raft, membership, config.advertiseHost() + ":" + http.port(),
        links.tls().adminHttp(), List.of(bolt.guard(), raft.guard())).bind(http);
  }

  private static RaftSettings raftSettings(MetaConfig config, ClusterLinks links) {
    int election = config.raftPeers().isEmpty() ? SINGLE_NODE_ELECTION_MILLIS : GROUP_ELECTION_MILLIS;
    return new RaftSettings(links.bindHost(), config.advertiseHost(), config.raftPort(),
        config.raftPeers(), config.dataDir(), election, SNAPSHOT_INTERVAL_SECS);
  }

  /** Binds every port and starts the role's threads; returns once listening. */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("meta server already started");
    }
    try {
      membership.start();
      bolt.start();
      http.start();
      raft.start(config.advertiseHost() + ":" + bolt.port(),
          config.advertiseHost() + ":" + http.port());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    LOG.info("meta listening: bolt {}, raft {}, http {}, data {}", bolt.port(), raft.port(),
        http.port(), config.dataDir());
  }

  /** True once the role can serve: a raft leader is known (this node, or a reachable one). */
  public boolean isReady() {
    return raft.isReady();
  }

  /** True while this node leads the meta group and has applied the whole log. */
  public boolean isLeader() {
    return raft.isLeading();
  }

  /** The bolt port; the bound one after {@link #start()}. */
  public int boltPort() {
    return started.get() ? bolt.port() : config.boltPort();
  }

  /** The HTTP port (bound at construction). */
  public int httpPort() {
    return http.port();
  }

  /** The raft port; the bound one after {@link #start()}. */
  public int raftPort() {
    return raft.port();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    quietly("http", http::close);
    if (started.get()) {
      quietly("bolt", bolt::close); // bolt throws when asked to stop a server it never started
    }
    quietly("membership", membership::close);
    quietly("raft", raft::close);
    LOG.info("meta stopped");
  }

  /** Shutdown goes on past a failing part, so one error does not leak the others' threads. */
  private static void quietly(String part, Runnable close) {
    try {
      close.run();
    } catch (RuntimeException e) {
      LOG.warn("closing meta {} failed", part, e);
    }
  }
}
