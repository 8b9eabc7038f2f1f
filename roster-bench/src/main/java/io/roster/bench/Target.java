package io.roster.bench;

import io.roster.testkit.LocalCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The registry under test, in one of three set-ups, each named in every report ({@link #describe}):
 * a Roster started for the run as its own JVM, as a user deploys it ({@link #separate}, the
 * default); a running Roster named by its session HTTP endpoint ({@link #remote}); or one in this
 * JVM ({@link #inProcess}, meta, data and session on ephemeral ports over loopback bolt), whose
 * figures are not comparable with the other two: client and server share one heap, one JIT and
 * one GC.
 */
final class Target implements AutoCloseable {

  /** What a scenario's report names as its set-up. */
  enum Setup { SEPARATE_JVM, REMOTE, IN_PROCESS }

  private final String host;
  private final int httpPort;
  private final LocalCluster cluster;
  private final ServerProcess server;

  private Target(String host, int httpPort, LocalCluster cluster, ServerProcess server) {
    this.host = host;
    this.httpPort = httpPort;
    this.cluster = cluster;
    this.server = server;
  }

  static Target remote(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--target wants HOST:PORT (a session's HTTP port), got " + hostPort);
    }
    return new Target(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)),
        null, null);
  }

  /**
   * Starts {@code io.roster.server.Main start} (every role) in its own JVM with the JVM's default
   * heap, as {@code ./roster start} runs it; its log and data dir go under {@code workDir}.
   */
  static Target separate(Path workDir) throws IOException {
    Files.createDirectories(workDir);
    ServerProcess server = ServerProcess.start(Files.createTempDirectory(workDir, "server"), null);
    return new Target(ServerProcess.HOST, server.ports().sessionHttp(), null, server);
  }

  static Target inProcess(Path workDir) throws IOException {
    Files.createDirectories(workDir);
    LocalCluster cluster = LocalCluster.builder(Files.createTempDirectory(workDir, "cluster"))
        .metas(1).datas(1).sessions(1)
        .heartbeatInterval(Duration.ofSeconds(1))
        .lease(Duration.ofSeconds(20))
        .start();
    return new Target("127.0.0.1", cluster.sessionHttpPort(0), cluster, null);
  }

  Setup setup() {
    return cluster != null ? Setup.IN_PROCESS : server != null ? Setup.SEPARATE_JVM : Setup.REMOTE;
  }

  String host() {
    return host;
  }

  int httpPort() {
    return httpPort;
  }

  String describe() {
    return switch (setup()) {
      case IN_PROCESS -> "in-process (session http " + httpPort + "; shares this JVM)";
      case SEPARATE_JVM -> "own JVM (pid " + server.pid() + ", session http " + httpPort + ")";
      case REMOTE -> host + ":" + httpPort;
    };
  }

  /**
   * The registry's live heap after a full GC, in bytes: measured here in-process, through jcmd in
   * a separate JVM; -1 for a remote one, which this bench cannot attach to.
   */
  long liveHeapBytes() {
    return switch (setup()) {
      case IN_PROCESS -> ScaleScenario.liveHeap();
      case SEPARATE_JVM -> JvmProbe.ofThisJdk().heapAfterFullGc(server.pid()).usedKb() * 1024;
      case REMOTE -> -1;
    };
  }

  /** The first session bolt address that {@code /api/servers/query} hands out. */
  String sessionBoltAddress() {
    return get(httpPort, "/api/servers/query").split(";")[0].trim();
  }

  long sessionCounter(String name) {
    return counter(get(httpPort, "/digest/session/count"), name);
  }

  /** A data node's counter; -1 for a remote Roster (its data node's port is not known here). */
  long dataCounter(String name) {
    return switch (setup()) {
      case IN_PROCESS -> counter(get(cluster.dataHttpPort(0), "/digest/datum/count"), name);
      case SEPARATE_JVM -> server.dataCounter(name);
      case REMOTE -> -1;
    };
  }

  private String get(int port, String path) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://" + host + ":" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
      return response.body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** One {@code name value} line of a {@code /digest/...} answer; -1 when it has none. */
  static long counter(String counters, String name) {
    for (String line : counters.split("\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2 && parts[0].equals(name)) {
        return Long.parseLong(parts[1]);
      }
    }
    return -1;
  }

  @Override
  public void close() {
    if (cluster != null) {
      cluster.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
