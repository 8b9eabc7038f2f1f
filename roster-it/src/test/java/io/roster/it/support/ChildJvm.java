package io.roster.it.support;

import static org.awaitility.Awaitility.await;

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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A {@code main} class of the test classpath run in its own small JVM ({@code -Xmx64m}), with
 * its stdout captured line by line. {@link #kill9()} sends SIGKILL: on Linux
 * {@link Process#destroyForcibly()} is {@code kill -9}, and the exit code 137 (128 + 9) proves it.
 */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Path stderr;

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread reader = new Thread(this::pump, "child-" + process.pid() + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  public static ChildJvm start(Class<?> main, String... args) {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Path logs = logDir();
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("-Xmx64m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dcom.alipay.sofa.registry.client.log.level=WARN");
    command.add("-Dlogging.path=" + logs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    try {
      Files.createDirectories(logs);
      Path err = logs.resolve(main.getSimpleName() + "-" + System.nanoTime() + ".stderr");
      Process p = new ProcessBuilder(command)
          .redirectError(err.toFile())
          .start();
      return new ChildJvm(p, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + main.getName(), e);
    }
  }

  static Path logDir() {
    String dir = System.getProperty("roster.it.logs");
    return dir != null ? Paths.get(dir) : Paths.get("target", "logs");
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException ignored) {
      // the process died; that is what tests do to it
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** Waits for a stdout line starting with {@code prefix}; fails early if the child dies. */
  public String awaitLine(String prefix, Duration timeout) {
    String[] hit = new String[1];
    await("child " + pid() + " to print " + prefix).atMost(timeout)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> {
          for (String l : lines) {
            if (l.startsWith(prefix)) {
              hit[0] = l;
              return true;
            }
          }
          if (!process.isAlive()) {
            throw new IllegalStateException("child exited with " + process.exitValue()
                + "; stdout " + lines + "; stderr " + stderrTail());
          }
          return false;
        });
    return hit[0];
  }

  /** SIGSTOP: the process freezes, but its kernel still ACKs TCP and keeps the socket open. */
  public void freeze() {
    signal("STOP");
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid())).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGKILL, then waits for the process to be gone; returns its exit code (137). */
  public int kill9() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("child " + pid() + " survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return process.exitValue();
  }

  public String stderrTail() {
    try {
      String all = Files.readString(stderr);
      return all.length() > 2000 ? all.substring(all.length() - 2000) : all;
    } catch (IOException e) {
      return "<" + e + ">";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill9();
    }
  }
}
