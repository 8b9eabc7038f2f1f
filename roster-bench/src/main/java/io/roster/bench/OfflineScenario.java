package io.roster.bench;

import java.time.Duration;

/**
 * {@code offline}: a publisher JVM is killed with SIGKILL; each subscriber's sample is the time
 * until its own view no longer shows that publisher. The victim JVM is started and seen by every
 * subscriber before the round, so neither JVM start-up nor heap unmapping is counted.
 */
final class OfflineScenario {

  private OfflineScenario() {}

  static Report run(BenchOptions o, Target target) {
    Clients clients = new Clients(target.host(), target.httpPort());
    String dataId = "bench.offline." + System.currentTimeMillis();
    SubscriberFleet fleet = new SubscriberFleet(clients, dataId, o.subscribers(), o.connections());
    fleet.awaitAll(values -> true, Duration.ofSeconds(60));
    Victims victims = new Victims(target.host(), target.httpPort());
    LatencyRounds rounds = new LatencyRounds(o.rounds());
    System.out.printf("offline: %d subscribers on %d connections, %d rounds%n", o.subscribers(), o.connections(), o.rounds());
    for (int round = 1 - o.warmup(); round <= o.rounds(); round++) {
      String value = "victim-" + (round + o.warmup()) + ":12200";
      ChildJvm victim = victims.start(dataId, value);
      fleet.awaitAll(values -> values.contains(value), Duration.ofSeconds(30));
      fleet.arm(values -> !values.contains(value));
      long start = System.nanoTime();
      victim.kill();
      long[] samples = fleet.samplesSince(start, Duration.ofSeconds(30));
      if (round >= 1) {
        rounds.add(round, samples);
      }
    }
    return new Report("offline")
        .put("target", target.describe())
        .put("subscribers", o.subscribers())
        .put("connections", o.connections())
        .put("rounds", o.rounds())
        .put("warmupRounds", o.warmup())
        .latency("offline", rounds.stats());
  }
}
