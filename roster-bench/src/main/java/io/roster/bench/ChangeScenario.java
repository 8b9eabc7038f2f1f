package io.roster.bench;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.client.api.registration.PublisherRegistration;
import java.time.Duration;

/** {@code change}: {@code republish}; each sample is the time until one subscriber's view shows the new value. */
final class ChangeScenario {

  private ChangeScenario() {}

  static Report run(BenchOptions o, Target target) {
    Clients clients = new Clients(target.host(), target.httpPort());
    String dataId = "bench.change." + System.currentTimeMillis();
    SubscriberFleet fleet = new SubscriberFleet(clients, dataId, o.subscribers(), o.connections());
    Publisher publisher = clients.connect("bench-publisher").register(new PublisherRegistration(dataId), "change-0");
    fleet.awaitAll(values -> values.contains("change-0"), Duration.ofSeconds(60));
    LatencyRounds rounds = new LatencyRounds(o.rounds());
    System.out.printf("change: %d subscribers on %d connections, %d rounds%n", o.subscribers(), o.connections(), o.rounds());
    for (int round = 1 - o.warmup(); round <= o.rounds(); round++) {
      String value = "change-" + (round + o.warmup());
      fleet.arm(values -> values.contains(value));
      long start = System.nanoTime();
      publisher.republish(value);
      long[] samples = fleet.samplesSince(start, Duration.ofSeconds(30));
      if (round >= 1) {
        rounds.add(round, samples);
      }
    }
    return new Report("change")
        .put("target", target.describe())
        .put("subscribers", o.subscribers())
        .put("connections", o.connections())
        .put("rounds", o.rounds())
        .put("warmupRounds", o.warmup())
        .latency("change", rounds.stats());
  }
}
