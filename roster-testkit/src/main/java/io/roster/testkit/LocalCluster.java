package io.roster.testkit;

import io.roster.data.DataConfig;
import io.roster.data.DataServer;
import io.roster.meta.MetaConfig;
import io.roster.meta.MetaServer;
import io.roster.remoting.link.ClusterKey;
import io.roster.remoting.link.ClusterLinks;
import io.roster.model.Ticker;
import io.roster.remoting.FreePorts;
import io.roster.session.SessionConfig;
import io.roster.session.SessionServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A whole Roster deployment inside this JVM: N meta, M data and K session nodes on ephemeral
 * ports, with their files under one root directory (a JUnit {@code @TempDir}). Modelled on Apache
 * Ratis' MiniCluster: build it, {@link Builder#start() start} it (which returns once every node
 * says {@code isReady()}), use the port accessors to point clients at it, and stop or restart
 * single nodes to inject faults.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.builder(tempDir).datas(2).sessions(2)
 *     .sessionZones("ZONE_A", "ZONE_B").heartbeatInterval(Duration.ofMillis(200)).start()) {
 *   int httpPort = cluster.sessionHttpPort(0);   // the official client's registryEndpointPort
 *   cluster.stopSession(0);
 *   cluster.restartSession(0);                   // same ports as before
 * }
 * }</pre>
 *
 * <p>A restarted node keeps the ports it had, so clients that cached its address find it again.
 * Ports of a stopped node stay readable. Nodes are closed sessions first, then data, then meta.
 */
public final class LocalCluster implements AutoCloseable {

  static final String LOCALHOST = "127.0.0.1";

  private final LocalClusterBuilder spec;
  private final Ticker ticker;
  /** One secret per cluster, fresh each run, as a real cluster shares one file. */
  private final ClusterLinks links;
  private final List<RoleNode<MetaServer>> metas = new ArrayList<>();
  private final List<RoleNode<DataServer>> datas = new ArrayList<>();
  private final List<RoleNode<SessionServer>> sessions = new ArrayList<>();
  private List<String> metaAddresses = List.of();
  /** Per session index, its relays to the meta nodes (only with severable session-meta links). */
  private final Map<Integer, List<SeverableLink>> sessionMetaLinks = new HashMap<>();
  private boolean closed;

  LocalCluster(LocalClusterBuilder spec) {
    this.spec = spec;
    this.ticker = spec.ticker;
    this.links = new ClusterLinks(ClusterKey.random(), spec.bindHost);
  }

  /** The cluster's secret: for a test that speaks to members-only ports as a member would. */
  public ClusterKey clusterKey() {
    return links.key();
  }

  public static LocalClusterBuilder builder(Path rootDir) {
    return new LocalClusterBuilder(rootDir);
  }

  // ---------------------------------------------------------------------------------- start

  void startAll() {
    try {
      startMetas();
      for (int i = 0; i < spec.datas; i++) {
        RoleNode<DataServer> node = dataNode(i);
        datas.add(node);
        node.start();
      }
      for (int i = 0; i < spec.sessions; i++) {
        RoleNode<SessionServer> node = sessionNode(i);
        sessions.add(node);
        node.start();
      }
      awaitReady();
      awaitSessionsDiscovered(spec.startTimeout);
    } catch (RuntimeException | Error e) {
      try {
        close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private void startMetas() {
    List<Integer> raftPorts = new ArrayList<>();
    List<String> raftPeers = new ArrayList<>();
    if (spec.metas > 1) {
      // Raft members must know each other's addresses before they start, so a multi-node
      // group cannot use port 0. Reserve free ports up front (a small race, accepted in tests).
      for (int port : freePorts(spec.metas)) {
        raftPorts.add(port);
        raftPeers.add(LOCALHOST + ":" + port);
      }
    }
    for (int i = 0; i < spec.metas; i++) {
      int raftPort = spec.metas > 1 ? raftPorts.get(i) : 0;
      RoleNode<MetaServer> node = metaNode(i, raftPort, List.copyOf(raftPeers));
      metas.add(node);
      node.start();
    }
    Await.until("a meta leader (" + spec.metas + " meta node(s))", spec.startTimeout,
        () -> metas.stream().anyMatch(m -> m.server != null && m.server.isReady()));
    metaAddresses = metas.stream().map(m -> LOCALHOST + ":" + m.boltPort)
        .collect(Collectors.toUnmodifiableList());
  }

  /** Waits until every running node reports {@code isReady()}. */
  public void awaitReady() {
    awaitReady(spec.startTimeout);
  }

  public void awaitReady(Duration timeout) {
    try {
      Await.until("every node ready", timeout, () -> notReady().isEmpty());
    } catch (Await.Timeout e) {
      throw new IllegalStateException(e.getMessage() + "; still not ready: " + notReady(), e);
    }
  }

  /**
   * Waits until every running session lists every running session in {@code /api/servers/query}
   * (asked for a zone nobody has, which answers with all sessions). Sessions learn of each other
   * through meta, a heartbeat or two after they are ready; an official client that bootstraps
   * before that keeps a partial server list until its next refresh (10 s or more) and cannot
   * fail over. {@link Builder#start()} calls this.
   */
  public void awaitSessionsDiscovered(Duration timeout) {
    List<RoleNode<SessionServer>> running = sessions.stream().filter(s -> s.server != null).toList();
    if (running.size() < 2) {
      return;
    }
    Set<String> all = running.stream().map(s -> LOCALHOST + ":" + s.boltPort)
        .collect(Collectors.toSet());
    try {
      Await.until("every session lists all of " + all, timeout,
          () -> running.stream().allMatch(s -> listedSessions(s.httpPort).containsAll(all)));
    } catch (Await.Timeout e) {
      StringBuilder seen = new StringBuilder();
      for (RoleNode<SessionServer> s : running) {
        seen.append(" session-").append(s.index).append('=').append(safeListed(s.httpPort));
      }
      throw new IllegalStateException(e.getMessage() + ";" + seen, e);
    }
  }

  private static String safeListed(int httpPort) {
    try {
      return listedSessions(httpPort).toString();
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  /** Session bolt addresses that session HTTP {@code port} hands to a client of no zone. */
  static Set<String> listedSessions(int httpPort) {
    try {
      URL url = new URL("http://" + LOCALHOST + ":" + httpPort
          + "/api/servers/query?zone=__roster_testkit_no_such_zone__");
      HttpURLConnection c = (HttpURLConnection) url.openConnection();
      c.setConnectTimeout(2_000);
      c.setReadTimeout(2_000);
      try {
        if (c.getResponseCode() != 200) {
          throw new IllegalStateException("HTTP " + c.getResponseCode() + " from " + url);
        }
        try (InputStream in = c.getInputStream()) {
          String body = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
          Set<String> listed = new HashSet<>();
          for (String part : body.split(";")) {
            if (!part.isBlank()) {
              listed.add(part.trim());
            }
          }
          return listed;
        }
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Names of running nodes that are not ready, e.g. {@code [data-1, session-0]}. */
  public List<String> notReady() {
    List<String> names = new ArrayList<>();
    for (RoleNode<MetaServer> m : metas) {
      if (m.server != null && !m.server.isReady()) {
        names.add("meta-" + m.index);
      }
    }
    for (RoleNode<DataServer> d : datas) {
      if (d.server != null && !d.server.isReady()) {
        names.add("data-" + d.index);
      }
    }
    for (RoleNode<SessionServer> s : sessions) {
      if (s.server != null && !s.server.isReady()) {
        names.add("session-" + s.index);
      }
    }
    return names;
  }

  // ------------------------------------------------------------------------------ accessors

  public String dataCenter() {
    return spec.dataCenter;
  }

  public int metaCount() {
    return metas.size();
  }

  public int dataCount() {
    return datas.size();
  }

  public int sessionCount() {
    return sessions.size();
  }

  /** {@code 127.0.0.1:port} of the first meta node's bolt endpoint. */
  public String metaBoltAddress() {
    return metaAddresses.get(0);
  }

  /** Bolt addresses of every meta node, as data and session nodes are configured with. */
  public List<String> metaBoltAddresses() {
    return metaAddresses;
  }

  public int metaBoltPort(int i) {
    return metas.get(i).boltPort;
  }

  public int metaHttpPort(int i) {
    return metas.get(i).httpPort;
  }

  public int dataBoltPort(int i) {
    return datas.get(i).boltPort;
  }

  public int dataHttpPort(int i) {
    return datas.get(i).httpPort;
  }

  /** The official client's {@code registryEndpointPort}. */
  public int sessionHttpPort(int i) {
    return sessions.get(i).httpPort;
  }

  public int sessionBoltPort(int i) {
    return sessions.get(i).boltPort;
  }

  /** {@code 127.0.0.1:port} of session {@code i}'s client-facing bolt endpoint. */
  public String sessionBoltAddress(int i) {
    return LOCALHOST + ":" + sessionBoltPort(i);
  }

  public String sessionZone(int i) {
    return spec.zoneOf(i);
  }

  /** Index of the session whose bolt port is {@code port}, or -1. */
  public int sessionIndexOfBoltPort(int port) {
    for (RoleNode<SessionServer> s : sessions) {
      if (s.boltPort == port) {
        return s.index;
      }
    }
    return -1;
  }

  public boolean isSessionRunning(int i) {
    return sessions.get(i).server != null;
  }

  public boolean isDataRunning(int i) {
    return datas.get(i).server != null;
  }

  public boolean isMetaRunning(int i) {
    return metas.get(i).server != null;
  }

  /** The running server, for white-box checks; null while stopped. */
  public MetaServer meta(int i) {
    return metas.get(i).server;
  }

  public DataServer data(int i) {
    return datas.get(i).server;
  }

  public SessionServer session(int i) {
    return sessions.get(i).server;
  }

  // --------------------------------------------------------------------------------- faults

  /** Closes session {@code i} (a graceful stop). Its ports stay reserved for a restart. */
  public void stopSession(int i) {
    sessions.get(i).stop();
  }

  /** Stops session {@code i} if it runs, starts it again on the same ports, awaits readiness. */
  public void restartSession(int i) {
    RoleNode<SessionServer> node = sessions.get(i);
    node.stop();
    node.start();
    Await.until("session-" + i + " ready after restart", spec.startTimeout,
        () -> node.server.isReady());
    awaitSessionsDiscovered(spec.startTimeout);
  }

  /**
   * Cuts session {@code i} off from every meta node: its heartbeats stop arriving (as in a long GC
   * pause or a network blip between the two) while its clients and its data connections stay
   * up, until {@link #reconnectSessionToMeta}. Needs {@link LocalClusterBuilder#severableSessionMetaLinks()}.
   */
  public void cutSessionFromMeta(int i) {
    metaLinksOf(i).forEach(SeverableLink::cut);
  }

  /** Lets session {@code i}'s heartbeats reach meta again after {@link #cutSessionFromMeta}. */
  public void reconnectSessionToMeta(int i) {
    metaLinksOf(i).forEach(SeverableLink::restore);
  }

  private List<SeverableLink> metaLinksOf(int i) {
    List<SeverableLink> links = sessionMetaLinks.get(i);
    if (links == null) {
      throw new IllegalStateException("build the cluster with severableSessionMetaLinks() to cut session links");
    }
    return links;
  }

  public void stopData(int i) {
    datas.get(i).stop();
  }

  public void restartData(int i) {
    RoleNode<DataServer> node = datas.get(i);
    node.stop();
    node.start();
    Await.until("data-" + i + " ready after restart", spec.startTimeout,
        () -> node.server.isReady());
  }

  public void stopMeta(int i) {
    metas.get(i).stop();
  }

  /** Restarts meta {@code i} with the same ports and data directory (raft log survives). */
  public void restartMeta(int i) {
    RoleNode<MetaServer> node = metas.get(i);
    node.stop();
    node.start();
    Await.until("a meta leader after restarting meta-" + i, spec.startTimeout,
        () -> metas.stream().anyMatch(m -> m.server != null && m.server.isReady()));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    List<RoleNode<?>> order = new ArrayList<>();
    order.addAll(sessions);
    order.addAll(datas);
    order.addAll(metas);
    for (RoleNode<?> node : order) {
      try {
        node.stop();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = new IllegalStateException("closing the local cluster failed");
        }
        failure.addSuppressed(e);
      }
    }
    sessionMetaLinks.values().forEach(links -> links.forEach(SeverableLink::close));
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "LocalCluster{meta=" + metas.size() + ", data=" + datas.size() + ", session="
        + sessions.size() + ", metaAddresses=" + metaAddresses + "}";
  }

  // ---------------------------------------------------------------------------------- nodes

  private RoleNode<MetaServer> metaNode(int index, int raftPort, List<String> raftPeers) {
    Path dir = spec.root.resolve("meta-" + index);
    int replicas = Math.max(1, Math.min(spec.replicas, Math.max(1, spec.datas)));
    return new RoleNode<>("meta", index, (bolt, http) -> {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new MetaServer(new MetaConfig(spec.bindHost, LOCALHOST, bolt, raftPort, http, dir,
          raftPeers, spec.lease, spec.dataLease, spec.slotCount, replicas), links, ticker);
    }, MetaServer::start, MetaServer::boltPort, MetaServer::httpPort);
  }

  private RoleNode<DataServer> dataNode(int index) {
    return new RoleNode<>("data", index, (bolt, http) -> new DataServer(new DataConfig(
        spec.bindHost, LOCALHOST, bolt, http, metaAddresses, spec.heartbeatInterval, spec.syncTimeout,
        spec.checkInterval, spec.storeThreads),
        links, ticker),
        DataServer::start, DataServer::boltPort, DataServer::httpPort);
  }

  private RoleNode<SessionServer> sessionNode(int index) {
    List<String> metas = metaAddresses;
    if (spec.severableSessionMetaLinks) {
      List<SeverableLink> links = new ArrayList<>();
      this.metas.forEach(m -> links.add(new SeverableLink(LOCALHOST, m.boltPort)));
      sessionMetaLinks.put(index, links);
      metas = links.stream().map(SeverableLink::address).toList();
    }
    List<String> sessionMetas = metas;
    return new RoleNode<>("session", index, (bolt, http) -> new SessionServer(new SessionConfig(
        spec.bindHost, LOCALHOST, bolt, http, sessionMetas, spec.dataCenter, spec.zoneOf(index),
        spec.maxPayloadBytes, spec.maxPublishersPerConnection, spec.heartbeatInterval)
        .withClientAuth(spec.clientAuth), links, ticker),
        SessionServer::start, SessionServer::boltPort, SessionServer::httpPort);
  }

  /** Reserves {@code n} free loopback ports and releases them; see {@link FreePorts}. */
  static int[] freePorts(int n) {
    return FreePorts.reserve(n).stream().mapToInt(Integer::intValue).toArray();
  }
}
