package io.roster.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of another JVM on this machine, read from outside it: {@code jcmd PID GC.run} forces a
 * full collection, {@code jcmd PID GC.heap_info} then says what survived, and
 * {@code /proc/PID/status} gives the resident set. From outside because the server exposes no JVM
 * memory metric, and because the point is to measure the server as it runs for a user, with no
 * agent or bench code inside it.
 */
final class JvmProbe {

  /**
   * "garbage-first heap   total 51200K, used 13483K [...": G1 prints one such line, the serial and
   * parallel collectors one per generation, so they are summed.
   */
  private static final Pattern HEAP = Pattern.compile("\\btotal (\\d+)K, used (\\d+)K");
  private static final Pattern METASPACE = Pattern.compile("(?m)^\\s*Metaspace\\s+used (\\d+)K");
  private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");

  private final String jcmd;

  JvmProbe(String jcmd) {
    this.jcmd = jcmd;
  }

  /** jcmd of the JDK this bench runs on. */
  static JvmProbe ofThisJdk() {
    return new JvmProbe(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
  }

  /** Heap after a full GC: what the process really holds. */
  record Heap(long usedKb, long committedKb, long metaspaceKb) {}

  /**
   * Both commands in one attach ({@code jcmd PID -f FILE}): run as two jcmd calls, the second
   * came a few hundred milliseconds later, and what the server allocated in between (megabytes,
   * under churn) was counted as if it had survived.
   */
  Heap heapAfterFullGc(long pid) {
    try {
      Path commands = Files.createTempFile("roster-soak-jcmd", ".txt");
      try {
        Files.writeString(commands, "GC.run\nGC.heap_info\n");
        return parseHeapInfo(run(pid, "-f", commands.toString()));
      } finally {
        Files.deleteIfExists(commands);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Heap parseHeapInfo(String text) {
    Matcher heap = HEAP.matcher(text);
    long used = 0;
    long committed = 0;
    boolean found = false;
    while (heap.find()) {
      found = true;
      committed += Long.parseLong(heap.group(1));
      used += Long.parseLong(heap.group(2));
    }
    if (!found) {
      throw new IllegalStateException("no heap line in jcmd GC.heap_info: " + text);
    }
    Matcher meta = METASPACE.matcher(text);
    long metaspace = meta.find() ? Long.parseLong(meta.group(1)) : -1;
    return new Heap(used, committed, metaspace);
  }

  /** Resident set size in KiB, from /proc (Linux); -1 where there is none. */
  static long rssKb(long pid) {
    Path status = Path.of("/proc", String.valueOf(pid), "status");
    try {
      return Files.exists(status) ? parseRss(Files.readString(status)) : -1;
    } catch (IOException e) {
      return -1; // the process just exited
    }
  }

  static long parseRss(String procStatus) {
    Matcher m = RSS.matcher(procStatus);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private String run(long pid, String... command) {
    List<String> line = new ArrayList<>(List.of(jcmd, String.valueOf(pid)));
    line.addAll(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
    try {
      Process p = builder.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", line) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
