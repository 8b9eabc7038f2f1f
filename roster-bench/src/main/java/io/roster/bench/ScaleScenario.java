package io.roster.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * {@code scale}: N publishers and M subscribers on C connections, from a wire-level load client in
 * its own JVM. Reports the time to reach steady state and, unless the registry is a remote one, the
 * live heap per publisher and per subscriber after a full GC (session and data copies together),
 * read in this JVM or, for a server in its own JVM, with jcmd.
 */
final class ScaleScenario {

  private ScaleScenario() {}

  static Report run(BenchOptions o, Target target) {
    int dataIds = Math.max(1, o.dataIds());
    System.out.printf("scale: %d publishers, %d subscribers on %d connections, %d dataIds%n",
        o.publishers(), o.subscribers(), o.connections(), dataIds);
    try (ChildJvm load = ChildJvm.start(LoadClient.class, "3g", target.sessionBoltAddress().split(":")[0],
        target.sessionBoltAddress().split(":")[1], String.valueOf(o.publishers()),
        String.valueOf(o.subscribers()), String.valueOf(o.connections()), String.valueOf(dataIds))) {
      load.awaitLine("CONNECTED");
      long baseline = target.liveHeapBytes();
      long start = System.nanoTime();
      String published = load.awaitLine("PUBLISHED");
      // At the data node where its port is known (not for a remote Roster: the session's count).
      awaitCount(() -> {
        long atData = target.dataCounter("publishers");
        return atData >= 0 ? atData : target.sessionCounter("publishers");
      }, o.publishers(), "publishers at data");
      double publishSeconds = (System.nanoTime() - start) / 1e9;
      long withPublishers = target.liveHeapBytes();
      System.out.printf("  %s in %.1f s; live heap %d MB, %d bytes per publisher%n", published,
          publishSeconds, withPublishers >> 20, (withPublishers - baseline) / Math.max(1, o.publishers()));

      start = System.nanoTime();
      load.tell("SUBSCRIBE");
      String subscribed = load.awaitLine("SUBSCRIBED");
      long pushed = 0;
      while (pushed < o.subscribers()) {
        pushed = Long.parseLong(load.awaitLine("PUSHED").split(" ")[1]);
        check(start, "every subscriber's first push");
      }
      double subscribeSeconds = (System.nanoTime() - start) / 1e9;
      long withSubscribers = target.liveHeapBytes();
      System.out.printf("  %s, all first pushes in %.1f s%n", subscribed, subscribeSeconds);
      Report report = new Report("scale")
          .put("target", target.describe())
          .put("publishers", o.publishers())
          .put("subscribers", o.subscribers())
          .put("connections", o.connections())
          .put("dataIds", dataIds)
          .put("publishSteadySeconds", Report.round(publishSeconds))
          .put("publishersPerSecond", Math.round(o.publishers() / publishSeconds))
          .put("subscribeSteadySeconds", Report.round(subscribeSeconds))
          .put("loadClientReplies", published + " / " + subscribed);
      if (baseline >= 0) { // measured in this JVM, or through jcmd in the server's own
        report.put("heapBytesPerPublisher", (withPublishers - baseline) / Math.max(1, o.publishers()))
            .put("heapBytesPerSubscriber", (withSubscribers - withPublishers) / Math.max(1, o.subscribers()))
            .put("liveHeapMb", withSubscribers >> 20);
      }
      return report;
    }
  }

  private static void awaitCount(LongSupplier count, long expected, String what) {
    long start = System.nanoTime();
    while (count.getAsLong() < expected) {
      check(start, what);
      SubscriberFleet.pause();
    }
  }

  private static void check(long start, String what) {
    if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
      throw new IllegalStateException("no steady state (" + what + ") within 10 minutes");
    }
  }

  /** Heap in use after two full collections: what the registry really holds. */
  static long liveHeap() {
    for (int i = 0; i < 2; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
