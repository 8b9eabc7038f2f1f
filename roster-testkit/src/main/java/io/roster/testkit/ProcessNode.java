package io.roster.testkit;

import io.roster.server.ServerLogging;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Roster process of a {@link ProcessCluster}: {@code io.roster.server.Main start} in its own
 * JVM, on the test's class path. It is ready when it prints its ready line; the ports in that line
 * are kept, so a restart binds the same ones. Faults are real signals: {@link #kill9()} is SIGKILL,
 * {@link #terminate()} SIGTERM, {@link #pause()} and {@link #resume()} SIGSTOP and SIGCONT.
 */
public final class ProcessNode {

  /** One role's part of the ready line: "session bolt 9600 http 9603". */
  private static final Pattern PART = Pattern.compile("(session|data|meta)((?: (?:bolt|http|raft) \\d+)+)");
  private static final Pattern PORT = Pattern.compile("(bolt|http|raft) (\\d+)");

  private final String name;
  private final Path dir;
  private final Supplier<List<String>> options;
  private final List<String> jvmOptions;
  private final Map<String, Integer> ports = new HashMap<>();
  private volatile Process process;
  private volatile boolean paused;
  private int starts;

  ProcessNode(String name, Path dir, List<String> jvmOptions, Supplier<List<String>> options) {
    this.name = name;
    this.dir = dir;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.options = options;
  }

  public String name() {
    return name;
  }

  /** The port the node printed for a role and purpose, e.g. ("data", "bolt"). */
  public int port(String role, String purpose) {
    Integer port = ports.get(role + " " + purpose);
    if (port == null) {
      throw new IllegalStateException(name + " has printed no " + role + " " + purpose + " port");
    }
    return port;
  }

  /** Whether the port was printed (known) already. */
  boolean knows(String role, String purpose) {
    return ports.containsKey(role + " " + purpose);
  }

  /** What the last launch wrote on standard error. */
  public Path log() {
    return dir.resolve(name + "-" + starts + ".log");
  }

  /** What the last launch wrote on standard output (its ready line; log lines, on a test class path). */
  public Path out() {
    return dir.resolve(name + "-" + starts + ".out");
  }

  public long pid() {
    Process p = process;
    return p == null ? -1 : p.pid();
  }

  public boolean running() {
    Process p = process;
    return p != null && p.isAlive();
  }

  public boolean paused() {
    return paused;
  }

  /** Starts the JVM and waits for its ready line. */
  void start(Duration timeout) {
    launch();
    awaitReady(timeout);
  }

  /**
   * Starts the JVM without waiting; pair with {@link #awaitReady}. For nodes that must start
   * together, such as a meta group that needs a quorum before any of them is ready.
   */
  public void launch() {
    if (running()) {
      throw new IllegalStateException(name + " is already running");
    }
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    // Log as ./roster does (roster-server's logback.xml, with its limits on bolt's lines), not
    // with the logback-test.xml a test class path also holds.
    command.add("-Dlogback.configurationFile=" + ServerLogging.configUrl());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.roster.server.Main");
    command.add("start");
    command.addAll(options.get());
    try {
      Files.createDirectories(dir);
      Path log = dir.resolve(name + "-" + (++starts) + ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile())
          .redirectOutput(dir.resolve(name + "-" + starts + ".out").toFile());
      builder.environment().keySet().removeIf(k -> k.startsWith("ROSTER_"));
      process = builder.start();
      paused = false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** Waits for the ready line of the last launch and learns its ports. */
  public void awaitReady(Duration timeout) {
    Path out = dir.resolve(name + "-" + starts + ".out");
    Path log = dir.resolve(name + "-" + starts + ".log");
    String ready = Await.value(name + " ready (see " + log + ")", timeout,
        () -> running() ? readyLine(out) : "exited");
    if (ready.equals("exited")) {
      throw new IllegalStateException(name + " exited with " + process.exitValue()
          + " before it was ready; see " + log);
    }
    Matcher part = PART.matcher(ready);
    while (part.find()) {
      Matcher port = PORT.matcher(part.group(2));
      while (port.find()) {
        ports.put(part.group(1) + " " + port.group(1), Integer.parseInt(port.group(2)));
      }
    }
  }

  private static String readyLine(Path out) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(out),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("Roster ready")) {
          return line;
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** SIGKILL, then waits until the process is gone. */
  public void kill9() {
    Process p = process;
    if (p != null) {
      if (paused) {
        resume(); // a stopped process dies on SIGKILL too, but its exit is only reaped after CONT
      }
      p.destroyForcibly();
      waitFor(p);
    }
  }

  /** SIGTERM (a graceful stop), then waits until the process is gone. */
  public void terminate() {
    Process p = process;
    if (p != null) {
      p.destroy();
      waitFor(p);
    }
  }

  /** SIGSTOP: the process freezes; its sockets stay open and its kernel still ACKs. */
  public void pause() {
    signal("STOP");
    paused = true;
  }

  /** SIGCONT. */
  public void resume() {
    signal("CONT");
    paused = false;
  }

  /** Starts again on the ports it had, after a kill or a stop. */
  public void restart(Duration timeout) {
    if (running()) {
      kill9();
    }
    start(timeout);
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void waitFor(Process p) {
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + (running() ? " pid " + pid() : " (down)");
  }
}
