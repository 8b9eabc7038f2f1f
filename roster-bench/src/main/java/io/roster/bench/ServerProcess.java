package io.roster.bench;

import io.roster.remoting.FreePorts;
import io.roster.server.Main;
import io.roster.server.ServerLogging;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Roster server in its own JVM, started as a user starts it: {@code io.roster.server.Main start}
 * with every role in one process, its data dir from {@code ROSTER_DATA_DIR}, its ports as options,
 * a fixed heap, and standard output and error in {@code server.log} beside the data dir. It is
 * ready when every role's {@code /health/check} answers 200. A shutdown hook kills it, so a bench
 * that fails or is interrupted leaves no server behind.
 *
 * <p>Ports are picked free by {@link FreePorts} (below the OS's ephemeral range, so no port-0 bind
 * of another process takes them in between) and passed explicitly: the bench must know the HTTP
 * ports before the server is ready, to ask it whether it is.
 */
final class ServerProcess implements AutoCloseable {

  static final String HOST = "127.0.0.1";
  private static final Duration READY_BOUND = Duration.ofSeconds(90);

  private final Process process;
  private final Path log;
  private final Ports ports;
  private final Thread killer;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ServerProcess(Process process, Path log, Ports ports) {
    this.process = process;
    this.log = log;
    this.ports = ports;
    this.killer = new Thread(process::destroyForcibly, "kill-roster-server");
    Runtime.getRuntime().addShutdownHook(killer);
  }

  /** Every port the server listens on. */
  record Ports(int sessionBolt, int sessionHttp, int dataBolt, int dataHttp, int metaBolt, int metaRaft,
      int metaHttp) {

    static Ports free() {
      List<Integer> p = FreePorts.reserve(7);
      return new Ports(p.get(0), p.get(1), p.get(2), p.get(3), p.get(4), p.get(5), p.get(6));
    }

    List<String> options() {
      return List.of("--session-port", "" + sessionBolt, "--session-http-port", "" + sessionHttp,
          "--data-port", "" + dataBolt, "--data-http-port", "" + dataHttp, "--meta-port", "" + metaBolt,
          "--meta-raft-port", "" + metaRaft, "--meta-http-port", "" + metaHttp);
    }
  }

  /**
   * Starts a server with heap {@code heap} (e.g. "512m"; null: the JVM's default, as
   * {@code ./roster start} has) in {@code dir}; returns once it is ready.
   */
  static ServerProcess start(Path dir, String heap) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Ports ports = Ports.free();
    Path log = dir.resolve("server.log");
    ProcessBuilder builder = new ProcessBuilder(command(heap, ports))
        .directory(dir.toFile()) // so a ./roster.conf where the bench was started is not read
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // The soak measures the defaults: a ROSTER_* setting inherited from this shell would make its
    // figures incomparable (and ROSTER_JAVA_OPTS is the launcher's, not the server's).
    builder.environment().keySet().removeIf(k -> k.startsWith("ROSTER_"));
    builder.environment().put("ROSTER_DATA_DIR", dir.resolve("var").toAbsolutePath().toString());
    ServerProcess server;
    try {
      server = new ServerProcess(builder.start(), log, ports);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      server.awaitReady();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private static List<String> command(String heap, Ports ports) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // What ./roster passes: hessian reads String internals; SOFA's own log files stay off.
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dlogback.middleware.log.disable=true",
        // This class path also holds the bench's logback.xml (WARN); the server's own gives its log.
        "-Dlogback.configurationFile=" + ServerLogging.configUrl(),
        "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
        "-cp", absoluteClassPath(), Main.class.getName(), "start"));
    if (heap != null) {
      command.add(1, "-Xmx" + heap);
    }
    command.addAll(ports.options());
    return command;
  }

  /** The server runs in its own directory, so a relative class-path entry must be made absolute. */
  private static String absoluteClassPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      entries.add(entry.endsWith("*") ? Path.of(entry.substring(0, entry.length() - 1)).toAbsolutePath() + "/*"
          : Path.of(entry).toAbsolutePath().toString());
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_BOUND.toNanos();
    List<Integer> healthPorts = List.of(ports.metaHttp(), ports.dataHttp(), ports.sessionHttp());
    while (!healthPorts.stream().allMatch(p -> status(p, "/health/check") == 200)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("roster server exited (" + process.exitValue() + ") before it was "
            + "ready; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("roster server not ready within " + READY_BOUND + "; see " + log);
      }
      pause(Duration.ofMillis(100));
    }
  }

  long pid() {
    return process.pid();
  }

  Ports ports() {
    return ports;
  }

  Path log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** One counter of the session's {@code /digest/session/count}; -1 if it did not answer. */
  long sessionCounter(String name) {
    return Target.counter(get(ports.sessionHttp(), "/digest/session/count"), name);
  }

  /** One counter of the data node's {@code /digest/datum/count}; -1 if it did not answer. */
  long dataCounter(String name) {
    return Target.counter(get(ports.dataHttp(), "/digest/datum/count"), name);
  }

  private String get(int port, String path) {
    HttpResponse<String> response = send(port, path);
    return response == null ? "" : response.body();
  }

  private int status(int port, String path) {
    HttpResponse<String> response = send(port, path);
    return response == null ? -1 : response.statusCode();
  }

  private HttpResponse<String> send(int port, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null; // not listening yet, or gone: the callers say which
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** SIGTERM, as Ctrl-C would, so the server stops its roles in order; SIGKILL if it hangs. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or has run: the process is being killed anyway.
    }
  }
}
