package io.roster.testkit;

import io.roster.data.DataConfig;
import io.roster.data.DataServer;
import io.roster.meta.MetaConfig;
import io.roster.meta.MetaServer;
import io.roster.model.Ticker;
import io.roster.session.SessionConfig;
import io.roster.session.SessionServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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

  private static final String LOCALHOST = "127.0.0.1";

  private final Builder spec;
  private final Ticker ticker;
  private final List<MetaNode> metas = new ArrayList<>();
  private final List<DataNode> datas = new ArrayList<>();
  private final List<SessionNode> sessions = new ArrayList<>();
  private List<String> metaAddresses = List.of();
  private boolean closed;

  private LocalCluster(Builder spec) {
    this.spec = spec;
    this.ticker = spec.ticker;
  }

  public static Builder builder(Path rootDir) {
    return new Builder(rootDir);
  }

  // ---------------------------------------------------------------------------------- start

  private void startAll() {
    try {
      startMetas();
      for (int i = 0; i < spec.datas; i++) {
        DataNode node = new DataNode(i);
        datas.add(node);
        node.start();
      }
      for (int i = 0; i < spec.sessions; i++) {
        SessionNode node = new SessionNode(i, spec.zoneOf(i));
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
      MetaNode node = new MetaNode(i, raftPort, raftPeers);
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
    List<SessionNode> running = sessions.stream().filter(s -> s.server != null).toList();
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
      for (SessionNode s : running) {
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
    for (MetaNode m : metas) {
      if (m.server != null && !m.server.isReady()) {
        names.add("meta-" + m.index);
      }
    }
    for (DataNode d : datas) {
      if (d.server != null && !d.server.isReady()) {
        names.add("data-" + d.index);
      }
    }
    for (SessionNode s : sessions) {
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
    return sessions.get(i).zone;
  }

  /** Index of the session whose bolt port is {@code port}, or -1. */
  public int sessionIndexOfBoltPort(int port) {
    for (SessionNode s : sessions) {
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
    SessionNode node = sessions.get(i);
    node.stop();
    node.start();
    Await.until("session-" + i + " ready after restart", spec.startTimeout,
        () -> node.server.isReady());
    awaitSessionsDiscovered(spec.startTimeout);
  }

  public void stopData(int i) {
    datas.get(i).stop();
  }

  public void restartData(int i) {
    DataNode node = datas.get(i);
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
    MetaNode node = metas.get(i);
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
    List<Node> order = new ArrayList<>();
    order.addAll(sessions);
    order.addAll(datas);
    order.addAll(metas);
    for (Node node : order) {
      try {
        node.stop();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = new IllegalStateException("closing the local cluster failed");
        }
        failure.addSuppressed(e);
      }
    }
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

  private abstract static class Node {
    final int index;
    final String name;

    Node(int index, String name) {
      this.index = index;
      this.name = name;
    }

    abstract void start();

    abstract void stop();

    static RuntimeException startFailed(String name, RuntimeException e) {
      return new IllegalStateException("starting " + name + " failed: " + e, e);
    }
  }

  private final class MetaNode extends Node {
    final int raftPortWanted;
    final List<String> raftPeers;
    MetaServer server;
    int boltPort;
    int httpPort;

    MetaNode(int index, int raftPort, List<String> raftPeers) {
      super(index, "meta-" + index);
      this.raftPortWanted = raftPort;
      this.raftPeers = List.copyOf(raftPeers);
    }

    @Override
    void start() {
      Path dir = spec.root.resolve(name);
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      MetaConfig config = new MetaConfig(spec.bindHost, LOCALHOST, boltPort, raftPortWanted,
          httpPort, dir, raftPeers, spec.lease, spec.slotCount,
          Math.max(1, Math.min(spec.replicas, Math.max(1, spec.datas))));
      MetaServer created = new MetaServer(config, ticker);
      try {
        created.start();
      } catch (RuntimeException e) {
        closeQuietly(created);
        throw startFailed(name, e);
      }
      server = created;
      boltPort = created.boltPort();
      httpPort = created.httpPort();
    }

    @Override
    void stop() {
      MetaServer s = server;
      server = null;
      if (s != null) {
        s.close();
      }
    }
  }

  private final class DataNode extends Node {
    DataServer server;
    int boltPort;
    int httpPort;

    DataNode(int index) {
      super(index, "data-" + index);
    }

    @Override
    void start() {
      DataConfig config = new DataConfig(spec.bindHost, LOCALHOST, boltPort, httpPort,
          metaAddresses, spec.heartbeatInterval);
      DataServer created = new DataServer(config, ticker);
      try {
        created.start();
      } catch (RuntimeException e) {
        closeQuietly(created);
        throw startFailed(name, e);
      }
      server = created;
      boltPort = created.boltPort();
      httpPort = created.httpPort();
    }

    @Override
    void stop() {
      DataServer s = server;
      server = null;
      if (s != null) {
        s.close();
      }
    }
  }

  private final class SessionNode extends Node {
    final String zone;
    SessionServer server;
    int boltPort;
    int httpPort;

    SessionNode(int index, String zone) {
      super(index, "session-" + index);
      this.zone = zone;
    }

    @Override
    void start() {
      SessionConfig config = new SessionConfig(spec.bindHost, LOCALHOST, boltPort, httpPort,
          metaAddresses, spec.dataCenter, zone, spec.maxPayloadBytes,
          spec.maxPublishersPerConnection, spec.heartbeatInterval);
      SessionServer created = new SessionServer(config, ticker);
      try {
        created.start();
      } catch (RuntimeException e) {
        closeQuietly(created);
        throw startFailed(name, e);
      }
      server = created;
      boltPort = created.boltPort();
      httpPort = created.httpPort();
    }

    @Override
    void stop() {
      SessionServer s = server;
      server = null;
      if (s != null) {
        s.close();
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // start already failed; that error is the one to report
    }
  }

  private static int[] freePorts(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(LOCALHOST, 0));
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reserve free ports", e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  // -------------------------------------------------------------------------------- builder

  /** Settings of a {@link LocalCluster}; every setter returns this builder. */
  public static final class Builder {
    private final Path root;
    private int metas = 1;
    private int datas = 1;
    private int sessions = 1;
    private String[] zones = {SessionConfig.DEFAULT_ZONE};
    private String dataCenter = SessionConfig.DEFAULT_DATA_CENTER;
    private int maxPayloadBytes = SessionConfig.DEFAULT_MAX_PAYLOAD_BYTES;
    private int maxPublishersPerConnection = SessionConfig.DEFAULT_MAX_PUBLISHERS_PER_CONNECTION;
    private Duration heartbeatInterval = Duration.ofMillis(200);
    private Duration lease = Duration.ofSeconds(5);
    private int slotCount = 64;
    private int replicas = 2;
    private Duration startTimeout = Duration.ofSeconds(30);
    private String bindHost = LOCALHOST;
    private Ticker ticker = Ticker.system();

    private Builder(Path root) {
      this.root = Objects.requireNonNull(root, "root");
    }

    public Builder metas(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("at least one meta node");
      }
      this.metas = n;
      return this;
    }

    public Builder datas(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("at least one data node");
      }
      this.datas = n;
      return this;
    }

    public Builder sessions(int n) {
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
    public Builder sessionZones(String... zones) {
      if (zones.length == 0) {
        throw new IllegalArgumentException("at least one zone");
      }
      this.zones = Arrays.copyOf(zones, zones.length);
      return this;
    }

    public Builder dataCenter(String dataCenter) {
      this.dataCenter = Objects.requireNonNull(dataCenter);
      return this;
    }

    public Builder maxPayloadBytes(int bytes) {
      this.maxPayloadBytes = bytes;
      return this;
    }

    public Builder maxPublishersPerConnection(int n) {
      this.maxPublishersPerConnection = n;
      return this;
    }

    /** Heartbeat of data and session nodes to meta; short in tests (default 200 ms). */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = Objects.requireNonNull(interval);
      return this;
    }

    /** Meta's lease for data and session nodes (default 5 s in tests). */
    public Builder lease(Duration lease) {
      this.lease = Objects.requireNonNull(lease);
      return this;
    }

    /** Number of slots, a power of two (default 64 in tests). */
    public Builder slotCount(int slots) {
      this.slotCount = slots;
      return this;
    }

    /** Copies per slot; capped at the number of data nodes (default 2). */
    public Builder replicas(int replicas) {
      this.replicas = replicas;
      return this;
    }

    /** How long {@link #start()} and restarts wait for readiness (default 30 s). */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    public Builder bindHost(String host) {
      this.bindHost = Objects.requireNonNull(host);
      return this;
    }

    public Builder ticker(Ticker ticker) {
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
}
