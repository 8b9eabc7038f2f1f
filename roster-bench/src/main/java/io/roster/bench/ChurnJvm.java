package io.roster.bench;

import io.roster.bench.SoakOps.Op;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The bench's side of one {@link SoakClient} JVM: a thread reads everything it says, keeps its
 * latest {@link SoakOps} counts and, after {@link #stop}, its live publishers; every other line
 * (errors, client warnings) goes to its log file under the soak's directory.
 */
final class ChurnJvm implements AutoCloseable {

  private static final long BOUND_SECONDS = 120;

  private final String tag;
  private final ChildJvm child;
  private final PrintWriter log;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch exited = new CountDownLatch(1);
  private final List<String> live = new ArrayList<>();
  private volatile Map<Op, Long> ops = SoakOps.parse(SoakOps.PREFIX);
  private volatile long unacked = -1;

  private ChurnJvm(String tag, ChildJvm child, PrintWriter log) {
    this.tag = tag;
    this.child = child;
    this.log = log;
  }

  /** Starts a churn JVM and returns once all its clients have registered their first set. */
  static ChurnJvm start(String tag, Path logFile, List<String> args) {
    PrintWriter log;
    try {
      log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> all = new ArrayList<>(args);
    all.add(tag);
    ChurnJvm jvm = new ChurnJvm(tag, ChildJvm.start(SoakClient.class, "256m", all.toArray(String[]::new)), log);
    Thread reader = new Thread(jvm::read, "soak-reader-" + tag);
    reader.setDaemon(true);
    reader.start();
    jvm.await(jvm.ready, "READY");
    return jvm;
  }

  private void read() {
    try {
      while (true) {
        String line = child.awaitLine("");
        if (line.startsWith(SoakOps.PREFIX)) {
          ops = SoakOps.parse(line);
        } else if (line.startsWith("LIVE ")) {
          synchronized (live) {
            live.add(line.substring(5));
          }
        } else if (line.startsWith("STOPPED ")) {
          unacked = Long.parseLong(line.split(" ")[2]);
          stopped.countDown();
        } else if (line.startsWith("READY ")) {
          ready.countDown();
        } else {
          log.println(line);
        }
      }
    } catch (IllegalStateException | UncheckedIOException exited) {
      log.println("-- " + exited.getMessage());
    } finally {
      this.exited.countDown();
    }
  }

  private void await(CountDownLatch latch, String what) {
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
      while (!latch.await(100, TimeUnit.MILLISECONDS)) {
        if (exited.getCount() == 0 || System.nanoTime() > deadline) {
          throw new IllegalStateException("churn JVM " + tag + " did not say " + what
              + (exited.getCount() == 0 ? " before it exited" : " within " + BOUND_SECONDS + " s"));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  String tag() {
    return tag;
  }

  /** Its counts as of its latest report (at most a second old while it runs). */
  Map<Op, Long> ops() {
    return ops;
  }

  /** Ends the churn; returns its live publishers ("dataId value"), each acknowledged if it could be. */
  List<String> stop() {
    child.tell("STOP");
    await(stopped, "STOPPED");
    synchronized (live) {
      return List.copyOf(live);
    }
  }

  /** Publishers its session had not acknowledged when it stopped; -1 before {@link #stop}. */
  long unacked() {
    return unacked;
  }

  /** Halts it (no unregistering: its connections just close); returns its final counts. */
  Map<Op, Long> quit() {
    try {
      child.tell("QUIT");
      exited.await(10, TimeUnit.SECONDS);
    } catch (UncheckedIOException gone) {
      // Already exited: its last report stands.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
    return ops;
  }

  @Override
  public void close() {
    child.kill();
    log.close();
  }
}
