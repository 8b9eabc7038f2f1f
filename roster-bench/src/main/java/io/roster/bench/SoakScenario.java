package io.roster.bench;

import io.roster.bench.SoakOps.Op;
import io.roster.bench.SoakVerdict.Point;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code soak}: a Roster server in its own JVM ({@link ServerProcess}, fixed heap) under clients
 * that churn for {@code --minutes} over a bounded population ({@link ChurnFleet}: official clients
 * in their own JVMs, replaced from time to time), sampled on the {@link SoakPlan}'s schedule: a full
 * GC in the server, then its heap, metaspace and resident set, its live connections, publishers and
 * subscribers, and the churn's counts. The {@link SoakVerdict} says whether the heap grew; the
 * {@link SoakDataCheck} at the end whether any data was lost. Neither figure is in-process: the
 * bench JVM only schedules, samples and checks.
 */
final class SoakScenario {

  static final String SERVER_HEAP = "512m";
  static final int CHURN_JVMS = 2;
  private static final Duration CHECK_BOUND = Duration.ofSeconds(60);
  private static final List<String> COLUMNS = List.of("sample", "t_s", "heapMb", "metaspaceMb", "rssMb",
      "connections", "sessionPubs", "sessionSubs", "dataPubs", "operations", "errors");

  private SoakScenario() {}

  /** One sample; heap after a full GC. */
  record Sample(String label, long seconds, double heapMb, double metaspaceMb, double rssMb, long connections,
      long sessionPublishers, long sessionSubscribers, long dataPublishers, long operations, long errors) {

    List<Object> row() {
      return List.of(label, seconds, heapMb, metaspaceMb, rssMb, connections, sessionPublishers,
          sessionSubscribers, dataPublishers, operations, errors);
    }
  }

  static Report run(BenchOptions o) {
    SoakPlan plan = SoakPlan.of(o.minutes());
    Path dir = o.out().resolve("soak-" + System.currentTimeMillis()).toAbsolutePath();
    List<Integer> split = ChurnFleet.split(o.clients(), CHURN_JVMS);
    int ratePerJvm = Math.max(1, o.rate() / split.size());
    System.out.printf("soak: %d min, %d official clients in %d churn JVMs (%d publishers + %d subscribers "
        + "each, %d dataIds, %d changes/s); server -Xmx%s; logs under %s%n", o.minutes(), o.clients(),
        split.size(), ChurnFleet.PUBLISHERS_PER_CLIENT, ChurnFleet.SUBSCRIBERS_PER_CLIENT, o.dataIds(),
        ratePerJvm * split.size(), SERVER_HEAP, dir);
    JvmProbe probe = JvmProbe.ofThisJdk();
    try (ServerProcess server = ServerProcess.start(dir.resolve("server"), SERVER_HEAP);
        ChurnFleet fleet = new ChurnFleet(dir, ServerProcess.HOST, server.ports().sessionHttp(), o.dataIds(),
            split, ratePerJvm)) {
      System.out.printf("  server pid %d ready, session http %d; log %s%n", server.pid(),
          server.ports().sessionHttp(), server.log());
      Report report = describe(o, plan, split, ratePerJvm, server, dir);
      Sample idle = sample("idle", 0, server, probe, fleet);
      fleet.start();
      List<Sample> samples = churn(plan, server, probe, fleet);
      Map<Op, Long> totals = fleet.totals();
      List<String> live = fleet.stop();
      List<String> dataIds = new ArrayList<>();
      for (int d = 0; d < o.dataIds(); d++) {
        dataIds.add(SoakClient.dataId(d));
      }
      SoakDataCheck.Result check = SoakDataCheck.run(new Clients(ServerProcess.HOST, server.ports().sessionHttp()),
          dataIds, live, CHECK_BOUND);
      return results(report.put("churnJvmsStarted", fleet.started()), plan, idle, samples, totals, check,
          fleet.unacked(), server);
    }
  }

  /** Runs the plan: samples and churn-JVM replacements at their times; returns the samples. */
  private static List<Sample> churn(SoakPlan plan, ServerProcess server, JvmProbe probe, ChurnFleet fleet) {
    long start = System.nanoTime();
    List<Sample> samples = new ArrayList<>();
    for (SoakPlan.Event e : plan.events(fleet.size())) {
      sleepUntil(start + Duration.ofSeconds(e.atSeconds()).toNanos());
      if (!server.alive()) {
        throw new IllegalStateException("the roster server exited during the soak; see " + server.log());
      }
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      if (e.sample()) {
        Sample s = sample(samples.isEmpty() ? "first" : e.atSeconds() == plan.durationSeconds() ? "last"
            : String.valueOf(samples.size()), seconds, server, probe, fleet);
        samples.add(s);
        System.out.printf(Locale.ROOT, "  %4d s  heap after GC %7.2f MB  rss %6.1f MB  %d conns, %d pubs, "
            + "%d subs  %d ops, %d errors%n", s.seconds(), s.heapMb(), s.rssMb(), s.connections(),
            s.sessionPublishers(), s.sessionSubscribers(), s.operations(), s.errors());
      } else {
        fleet.replace(e.slot());
        System.out.printf("  %4d s  churn JVM %d replaced (%d started so far)%n", seconds, e.slot(),
            fleet.started());
      }
    }
    return samples;
  }

  private static Sample sample(String label, long seconds, ServerProcess server, JvmProbe probe, ChurnFleet fleet) {
    JvmProbe.Heap heap = probe.heapAfterFullGc(server.pid());
    Map<Op, Long> totals = fleet.totals();
    return new Sample(label, seconds, mb(heap.usedKb()), mb(heap.metaspaceKb()), mb(JvmProbe.rssKb(server.pid())),
        server.sessionCounter("connections"), server.sessionCounter("publishers"),
        server.sessionCounter("subscribers"), server.dataCounter("publishers"), SoakOps.operations(totals),
        totals.get(Op.ERRORS));
  }

  private static double mb(long kb) {
    return Math.round(kb / 1024.0 * 100) / 100.0;
  }

  private static Report describe(BenchOptions o, SoakPlan plan, List<Integer> split, int ratePerJvm,
      ServerProcess server, Path dir) {
    return new Report("soak")
        .put("server", "own JVM (io.roster.server.Main start), -Xmx" + SERVER_HEAP + ", pid " + server.pid())
        .put("serverLog", server.log().toString())
        .put("churnLogs", dir.toString())
        .put("minutes", o.minutes())
        .put("warmupSeconds", plan.warmupSeconds())
        .put("sampleIntervalSeconds", plan.intervalSeconds())
        .put("clients", o.clients())
        .put("publishersPerClient", ChurnFleet.PUBLISHERS_PER_CLIENT)
        .put("subscribersPerClient", ChurnFleet.SUBSCRIBERS_PER_CLIENT)
        .put("dataIds", o.dataIds())
        .put("churnJvms", split.size())
        .put("churnJvmLifetimeSeconds", plan.lifetimeSeconds())
        .put("changesPerSecondAsked", ratePerJvm * split.size());
  }

  private static Report results(Report report, SoakPlan plan, Sample idle, List<Sample> samples,
      Map<Op, Long> totals, SoakDataCheck.Result check, long unacked, ServerProcess server) {
    totals.forEach((op, n) -> report.put(op.key(), n));
    long operations = SoakOps.operations(totals);
    report.put("operationsPerSecond", Math.round(operations / (double) plan.durationSeconds()));
    SoakVerdict heap = heapFigures(report, plan, idle, samples, operations);
    report.put("livePublishers", check.live())
        .put("visiblePublishers", check.visible())
        .put("missingPublishers", check.missing())
        .put("unexpectedPublishers", check.unexpected())
        .put("unackedAtStop", unacked)
        .put("sessionPublishersAtEnd", server.sessionCounter("publishers"))
        .put("dataPublishersAtEnd", server.dataCounter("publishers"));
    if (!check.examples().isEmpty()) {
      report.put("dataCheckExamples", String.join("; ", check.examples()));
    }
    report.put("heapVerdict", heap.heapFlat() ? "flat" : "GREW")
        .put("dataVerdict", check.ok() ? "every live publisher visible, nothing extra" : "LOST OR STALE DATA")
        .put("verdict", heap.heapFlat() && check.ok() ? "PASS" : "FAIL");
    List<List<Object>> rows = new ArrayList<>();
    rows.add(idle.row());
    samples.forEach(s -> rows.add(s.row()));
    return report.rows("samples", COLUMNS, rows);
  }

  private static SoakVerdict heapFigures(Report report, SoakPlan plan, Sample idle, List<Sample> samples,
      long operations) {
    List<Point> points = samples.stream().map(s -> new Point(s.seconds(), s.heapMb())).toList();
    SoakVerdict heap = SoakVerdict.judge(points, plan.secondHalfSeconds());
    Sample first = samples.get(0);
    Sample last = samples.get(samples.size() - 1);
    double opsPerMinute = operations / (plan.durationSeconds() / 60.0);
    report.put("idleHeapMb", idle.heapMb())
        .put("heapFirstMb", first.heapMb())
        .put("heapLastMb", last.heapMb())
        .put("heapGrowthMb", Report.round(heap.growthMb()))
        .put("heapSlopeMbPerMinute", Report.round(heap.slopeMbPerMinute()))
        .put("heapSlopeSamples", heap.slopeSamples())
        .put("heapSlopeBytesPerOperation", Math.round(heap.slopeMbPerMinute() * 1024 * 1024 / opsPerMinute))
        .put("heapBound", "slope < " + SoakVerdict.MAX_SLOPE_MB_PER_MIN + " MB/min over the second half, "
            + "last - first < " + SoakVerdict.MAX_GROWTH_MB + " MB")
        .put("metaspaceFirstMb", first.metaspaceMb())
        .put("metaspaceLastMb", last.metaspaceMb())
        .put("rssFirstMb", first.rssMb())
        .put("rssLastMb", last.rssMb());
    return heap;
  }

  /** The soak runs on the wall clock: it waits for the next event of its plan. */
  private static void sleepUntil(long nanoTime) {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      try {
        Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
