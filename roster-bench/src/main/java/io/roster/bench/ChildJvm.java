package io.roster.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A helper JVM on this bench's class path (victim publishers, the load client). */
final class ChildJvm implements AutoCloseable {

  final Process process;
  private final BufferedReader out;
  private final Writer in;

  private ChildJvm(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  static ChildJvm start(Class<?> main, String heap, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
        "-Dlogback.middleware.log.disable=true",
        "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
        "-Dlogging.path=" + System.getProperty("logging.path", "var/logs"),
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    try {
      return new ChildJvm(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads lines until one starts with {@code prefix}; returns it. Fails if the child exits. */
  String awaitLine(String prefix) {
    try {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      throw new IllegalStateException("child exited (" + process.waitFor() + ") before saying " + prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Keeps reading the child's output in the background so it never blocks on a full pipe. */
  void drain() {
    Thread drainer = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // Discard.
        }
      } catch (IOException ignored) {
        // The child is gone.
      }
    }, "child-stdout");
    drainer.setDaemon(true);
    drainer.start();
  }

  void tell(String line) {
    try {
      in.write(line + "\n");
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** kill -9: on Linux {@code destroyForcibly} sends SIGKILL. */
  void kill() {
    process.destroyForcibly();
  }

  @Override
  public void close() {
    kill();
  }
}
