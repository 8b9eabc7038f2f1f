package io.roster.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Starts {@link VictimPublisher} JVMs with a small heap and kills them with SIGKILL. */
final class Victims {

  private final String host;
  private final int httpPort;

  Victims(String host, int httpPort) {
    this.host = host;
    this.httpPort = httpPort;
  }

  /** Starts a victim and returns once its publisher is acknowledged. */
  Process start(String dataId, String value) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-Dlogback.middleware.log.disable=true",
        "-Dlogging.path=" + System.getProperty("logging.path", "var/logs"),
        "-cp", System.getProperty("java.class.path"), VictimPublisher.class.getName(),
        host, String.valueOf(httpPort), dataId, value));
    builder.redirectErrorStream(true);
    try {
      Process process = builder.start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      for (String line; (line = out.readLine()) != null; ) {
        if (line.contains("PUBLISHED")) {
          drain(out);
          return process;
        }
      }
      throw new IllegalStateException("victim exited before publishing: " + process.waitFor());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** kill -9: on Linux {@code destroyForcibly} sends SIGKILL. */
  static void kill(Process victim) {
    victim.destroyForcibly();
  }

  private static void drain(BufferedReader out) {
    Thread drainer = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // Keep the pipe empty so the victim never blocks on stdout.
        }
      } catch (IOException ignored) {
        // The victim was killed.
      }
    }, "victim-stdout");
    drainer.setDaemon(true);
    drainer.start();
  }
}
