package io.roster.testkit;

import io.roster.remoting.link.ClusterKey;
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
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A Roster cluster of real JVMs, one role per process, on loopback: what fault tests kill.
 * Each node is {@code io.roster.server.Main start --roles ROLE} on the test's class path, with its
 * files and logs under one directory (a JUnit {@code @TempDir}). Data and session nodes start on
 * port 0 and keep the ports they printed across restarts; meta nodes get free ports reserved up
 * front, because raft peers must know each other's addresses before they start.
 *
 * <pre>{@code
 * try (ProcessCluster cluster = ProcessCluster.builder(tempDir).datas(3).sessions(2).start()) {
 *   cluster.data(0).kill9();
 *   cluster.session(1).pause();   // SIGSTOP
 *   cluster.session(1).resume();  // SIGCONT
 *   cluster.data(0).restart(Duration.ofSeconds(60));
 * }
 * }</pre>
 * {@link LocalCluster} stays the tool for tests inside one JVM.
 */
public final class ProcessCluster implements AutoCloseable {

  private static final String HOST = "127.0.0.1";

  private final Builder spec;
  private final List<ProcessNode> metas = new ArrayList<>();
  private final List<ProcessNode> datas = new ArrayList<>();
  private final List<ProcessNode> sessions = new ArrayList<>();
  private List<String> metaAddresses = List.of();

  private ProcessCluster(Builder spec) {
    this.spec = spec;
  }

  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** The secret every node of this cluster is given, made once per cluster directory. */
  public Path secretFile() {
    return spec.dir.resolve("cluster.secret");
  }

  private void startAll() {
    try {
      if (!Files.exists(secretFile())) {
        ClusterKey.generate(secretFile());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cluster secret " + secretFile(), e);
    }
    int[] ports = LocalCluster.freePorts(spec.metas * 3);
    List<String> raftPeers = new ArrayList<>();
    List<String> bolts = new ArrayList<>();
    for (int i = 0; i < spec.metas; i++) {
      bolts.add(HOST + ":" + ports[i * 3]);
      raftPeers.add(HOST + ":" + ports[i * 3 + 1]);
    }
    metaAddresses = List.copyOf(bolts);
    for (int i = 0; i < spec.metas; i++) {
      int bolt = ports[i * 3];
      int raft = ports[i * 3 + 1];
      int http = ports[i * 3 + 2];
      String name = "meta-" + i;
      metas.add(node(name, () -> withCommon(name, secretFile(), List.of("--roles", "meta",
          "--meta-port", String.valueOf(bolt), "--meta-raft-port", String.valueOf(raft),
          "--meta-http-port", String.valueOf(http),
          "--meta-raft-peers", String.join(",", raftPeers),
          "--meta-session-lease", spec.sessionLease.toMillis() + "ms",
          "--meta-data-lease", spec.dataLease.toMillis() + "ms",
          "--meta-slots", String.valueOf(spec.slots),
          "--meta-replicas", String.valueOf(spec.replicas)))));
    }
    startTogether(metas);
    for (int i = 0; i < spec.datas; i++) {
      datas.add(dataNode(i));
    }
    startTogether(datas);
    for (int i = 0; i < spec.sessions; i++) {
      sessions.add(sessionNode(i));
    }
    startTogether(sessions);
  }

  /** Adds and starts one more data node; returns it. */
  public ProcessNode addData() {
    ProcessNode node = dataNode(datas.size());
    datas.add(node);
    node.start(spec.startTimeout);
    return node;
  }

  /**
   * Launches, without waiting for it, a data node that holds {@code secretFile} instead of the
   * cluster's: an impostor, or a node configured for another cluster. It is not added to
   * {@link #datas()}; the caller closes it.
   */
  public ProcessNode launchDataWithSecret(Path secretFile) {
    ProcessNode node = dataNode(datas.size(), secretFile);
    node.launch();
    return node;
  }

  private ProcessNode dataNode(int i) {
    return dataNode(i, secretFile());
  }

  private ProcessNode dataNode(int i, Path secret) {
    String name = "data-" + i;
    ProcessNode[] self = new ProcessNode[1];
    self[0] = node(name, () -> withCommon(name, secret, List.of("--roles", "data",
        "--data-port", portOr(self[0], "data", "bolt"), "--data-http-port", portOr(self[0], "data", "http"),
        "--data-heartbeat-interval", spec.heartbeatInterval.toMillis() + "ms",
        "--data-sync-timeout", spec.syncTimeout.toMillis() + "ms")));
    return self[0];
  }

  private ProcessNode sessionNode(int i) {
    String name = "session-" + i;
    ProcessNode[] self = new ProcessNode[1];
    self[0] = node(name, () -> withCommon(name, secretFile(), List.of("--roles", "session",
        "--session-port", portOr(self[0], "session", "bolt"),
        "--session-http-port", portOr(self[0], "session", "http"),
        "--session-heartbeat-interval", spec.heartbeatInterval.toMillis() + "ms")));
    return self[0];
  }

  private ProcessNode node(String name, java.util.function.Supplier<List<String>> options) {
    return new ProcessNode(name, spec.dir.resolve(name), spec.jvmOptions, options);
  }

  private List<String> withCommon(String name, Path secret, List<String> roleOptions) {
    List<String> options = new ArrayList<>(roleOptions);
    options.addAll(List.of("--bind-host", HOST, "--cluster-secret-file", secret.toString(), "--data-dir", spec.dir.resolve(name).resolve("var").toString(),
        "--meta-addresses", String.join(",", metaAddresses),
        "--start-timeout", spec.startTimeout.toSeconds() + "s"));
    options.addAll(spec.nodeOptions);
    return options;
  }

  private static String portOr(ProcessNode node, String role, String purpose) {
    return node != null && node.knows(role, purpose) ? String.valueOf(node.port(role, purpose)) : "0";
  }

  private void startTogether(List<ProcessNode> nodes) {
    nodes.forEach(ProcessNode::launch);
    nodes.forEach(n -> n.awaitReady(spec.startTimeout));
  }

  public ProcessNode meta(int i) {
    return metas.get(i);
  }

  public ProcessNode data(int i) {
    return datas.get(i);
  }

  public ProcessNode session(int i) {
    return sessions.get(i);
  }

  public List<ProcessNode> metas() {
    return List.copyOf(metas);
  }

  public List<ProcessNode> datas() {
    return List.copyOf(datas);
  }

  public List<ProcessNode> sessions() {
    return List.copyOf(sessions);
  }

  public List<String> metaAddresses() {
    return metaAddresses;
  }

  public int sessionHttpPort(int i) {
    return sessions.get(i).port("session", "http");
  }

  public int dataHttpPort(int i) {
    return datas.get(i).port("data", "http");
  }

  public int metaHttpPort(int i) {
    return metas.get(i).port("meta", "http");
  }

  /** The data node's {@code host:boltPort}, as the slot table names it. */
  public String dataAddress(int i) {
    return HOST + ":" + datas.get(i).port("data", "bolt");
  }

  public Duration startTimeout() {
    return spec.startTimeout;
  }

  /** GET on 127.0.0.1; the body, or throws for a non-2xx answer. */
  public static String httpGet(int port, String path) {
    try {
      HttpURLConnection c = (HttpURLConnection) new URL("http://" + HOST + ":" + port + path).openConnection();
      c.setConnectTimeout(2000);
      c.setReadTimeout(5000);
      int code = c.getResponseCode();
      try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (code >= 300) {
          throw new IllegalStateException("GET " + path + " on " + port + " answered " + code + ": " + body);
        }
        return body;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills every process (SIGKILL): tests end fast and leave nothing behind. */
  @Override
  public void close() {
    List<ProcessNode> all = new ArrayList<>(sessions);
    all.addAll(datas);
    all.addAll(metas);
    all.forEach(ProcessNode::kill9);
  }

  @Override
  public String toString() {
    return "ProcessCluster" + (List.of(metas, datas, sessions).stream().flatMap(List::stream)
        .map(ProcessNode::toString).collect(Collectors.joining(", ", "[", "]")));
  }

  /** What to start. Defaults suit fault tests on a 2-core machine. */
  public static final class Builder {
    private final Path dir;
    private int metas = 1;
    private int datas = 2;
    private int sessions = 2;
    private int replicas = 2;
    private int slots = 64;
    private Duration sessionLease = Duration.ofSeconds(10);
    private Duration dataLease = Duration.ofSeconds(3);
    private Duration heartbeatInterval = Duration.ofMillis(250);
    private Duration syncTimeout = Duration.ofSeconds(5);
    private Duration startTimeout = Duration.ofSeconds(60);
    private List<String> nodeOptions = List.of();
    private List<String> jvmOptions = List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Xss512k");

    private Builder(Path dir) {
      this.dir = Objects.requireNonNull(dir);
    }

    public Builder metas(int n) {
      this.metas = n;
      return this;
    }

    public Builder datas(int n) {
      this.datas = n;
      return this;
    }

    public Builder sessions(int n) {
      this.sessions = n;
      return this;
    }

    public Builder replicas(int n) {
      this.replicas = n;
      return this;
    }

    public Builder slots(int n) {
      this.slots = n;
      return this;
    }

    public Builder sessionLease(Duration d) {
      this.sessionLease = d;
      return this;
    }

    public Builder dataLease(Duration d) {
      this.dataLease = d;
      return this;
    }

    public Builder heartbeatInterval(Duration d) {
      this.heartbeatInterval = d;
      return this;
    }

    public Builder syncTimeout(Duration d) {
      this.syncTimeout = d;
      return this;
    }

    public Builder startTimeout(Duration d) {
      this.startTimeout = d;
      return this;
    }

    /** Options every node is started with, after its own (e.g. the TLS keys). */
    public Builder nodeOptions(String... options) {
      this.nodeOptions = List.of(options);
      return this;
    }

    public Builder jvmOptions(String... options) {
      this.jvmOptions = List.of(options);
      return this;
    }

    /** Starts meta, then data, then session nodes; returns once all printed their ready line. */
    public ProcessCluster start() {
      ProcessCluster cluster = new ProcessCluster(this);
      try {
        cluster.startAll();
        return cluster;
      } catch (RuntimeException | Error e) {
        cluster.close();
        throw e;
      }
    }
  }
}
