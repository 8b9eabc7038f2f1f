package io.roster.bench;

import com.alipay.sofa.registry.client.api.registration.PublisherRegistration;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code register}: one official client registers {@code publishers} publishers spread over
 * {@code dataIds} dataIds that another client subscribes to; the clock stops when every
 * subscriber sees all of them. Warm-up runs do the same on other dataIds first, unmeasured, each
 * from its own new publisher client, so the JIT has compiled the path; the first (cold) run is
 * reported too.
 */
final class RegisterScenario {

  private RegisterScenario() {}

  static Report run(BenchOptions o, Target target) {
    Clients clients = new Clients(target.host(), target.httpPort());
    DefaultRegistryClient subscriberClient = clients.connect("bench-register-subscriber");
    int perDataId = o.publishers() / o.dataIds();
    int total = perDataId * o.dataIds();
    System.out.printf("register: %d publishers over %d dataIds from one client, %d warm-up run(s)%n",
        total, o.dataIds(), o.warmup());
    Run cold = null;
    for (int w = 0; w < o.warmup(); w++) {
      Run warm = once(o, target, subscriberClient, clients.connect("bench-register-warmup" + w), "warmup" + w);
      cold = cold == null ? warm : cold;
      System.out.printf("  warm-up run %d: %d publishers/s%n", w + 1, Math.round(total / warm.seconds));
    }
    // A fresh publisher client: the official client's own threads walk every publisher it holds.
    Run measured = once(o, target, subscriberClient, clients.connect("bench-register-publisher"), "measured");
    Report report = new Report("register")
        .put("target", target.describe())
        .put("publishers", total)
        .put("dataIds", o.dataIds())
        .put("warmupRuns", o.warmup())
        .put("visibleSeconds", Report.round(measured.seconds))
        .put("publishersPerSecondVisible", Math.round(total / measured.seconds))
        .put("pushes", measured.pushes);
    if (cold != null) {
      report.put("coldRunPublishersPerSecond", Math.round(total / cold.seconds));
    }
    return report;
  }

  private static Run once(BenchOptions o, Target target, DefaultRegistryClient subscriberClient,
      DefaultRegistryClient publisherClient, String tag) {
    String prefix = "bench.register." + tag + "." + System.currentTimeMillis() + ".";
    List<Probe> probes = new ArrayList<>();
    for (int d = 0; d < o.dataIds(); d++) {
      Probe probe = new Probe();
      probes.add(probe);
      Clients.subscribe(subscriberClient, prefix + d, probe);
    }
    Probe.requireAll(probes, Probe::pushed, Duration.ofSeconds(120), "a first push");
    int perDataId = o.publishers() / o.dataIds();
    int total = perDataId * o.dataIds();
    probes.forEach(p -> p.arm(values -> values.size() >= perDataId));
    long pushesBefore = target.sessionCounter("pushes");
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      publisherClient.register(new PublisherRegistration(prefix + (i % o.dataIds())),
          "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255) + ":12200");
    }
    Probe.requireAll(probes, Probe::satisfied, Duration.ofSeconds(120), "every publisher");
    long visible = probes.stream().mapToLong(Probe::satisfiedAt).max().orElseThrow();
    return new Run((visible - start) / 1e9, target.sessionCounter("pushes") - pushesBefore);
  }

  private record Run(double seconds, long pushes) {}
}
