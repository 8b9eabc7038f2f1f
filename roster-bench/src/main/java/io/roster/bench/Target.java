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
 * The registry under test: a running Roster named by its session HTTP endpoint, or one started in
 * this JVM (meta, data and session, each on ephemeral ports, talking over bolt on loopback).
 */
final class Target implements AutoCloseable {

  private final String host;
  private final int httpPort;
  private final LocalCluster cluster;

  private Target(String host, int httpPort, LocalCluster cluster) {
    this.host = host;
    this.httpPort = httpPort;
    this.cluster = cluster;
  }

  static Target remote(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--target wants HOST:PORT (a session's HTTP port), got " + hostPort);
    }
    return new Target(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)), null);
  }

  static Target inProcess(Path workDir) throws IOException {
    Files.createDirectories(workDir);
    LocalCluster cluster = LocalCluster.builder(Files.createTempDirectory(workDir, "cluster"))
        .metas(1).datas(1).sessions(1)
        .heartbeatInterval(Duration.ofSeconds(1))
        .lease(Duration.ofSeconds(20))
        .start();
    return new Target("127.0.0.1", cluster.sessionHttpPort(0), cluster);
  }

  String host() {
    return host;
  }

  int httpPort() {
    return httpPort;
  }

  String describe() {
    return cluster != null ? "in-process (session http " + httpPort + ")" : host + ":" + httpPort;
  }

  /** True when the registry runs in this JVM, so its heap can be measured here. */
  boolean inProcess() {
    return cluster != null;
  }

  /** The first session bolt address that {@code /api/servers/query} hands out. */
  String sessionBoltAddress() {
    return get(httpPort, "/api/servers/query").split(";")[0].trim();
  }

  long sessionCounter(String name) {
    return counter(get(httpPort, "/digest/session/count"), name);
  }

  /** A data node's counter; in-process only (a remote data node's port is not known here). */
  long dataCounter(String name) {
    return cluster == null ? -1 : counter(get(cluster.dataHttpPort(0), "/digest/datum/count"), name);
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
  }
}
