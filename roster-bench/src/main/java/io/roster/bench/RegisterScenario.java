package io.roster.bench;

import com.alipay.sofa.registry.client.api.registration.PublisherRegistration;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code register}: one official client registers {@code publishers} publishers spread over
 * {@code dataIds} dataIds that another client subscribes to; the clock stops when every
 * subscriber sees all of them.
 */
final class RegisterScenario {

  private RegisterScenario() {}

  static Report run(BenchOptions o, Target target) {
    Clients clients = new Clients(target.host(), target.httpPort());
    String prefix = "bench.register." + System.currentTimeMillis() + ".";
    DefaultRegistryClient subscriberClient = clients.connect("bench-register-subscriber");
    List<Probe> probes = new ArrayList<>();
    for (int d = 0; d < o.dataIds(); d++) {
      Probe probe = new Probe();
      probes.add(probe);
      Clients.subscribe(subscriberClient, prefix + d, probe);
    }
    awaitFirstPush(probes);
    int perDataId = o.publishers() / o.dataIds();
    int total = perDataId * o.dataIds();
    probes.forEach(p -> p.arm(values -> values.size() >= perDataId));
    DefaultRegistryClient publisherClient = clients.connect("bench-register-publisher");
    System.out.printf("register: %d publishers over %d dataIds from one client%n", total, o.dataIds());
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      publisherClient.register(new PublisherRegistration(prefix + (i % o.dataIds())), "10.0." + (i / 250) + "." + (i % 250) + ":12200");
    }
    long submitted = System.nanoTime();
    long deadline = start + Duration.ofSeconds(120).toNanos();
    while (probes.stream().anyMatch(p -> p.satisfiedAt() == 0)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("publishers not all visible within 120 s");
      }
      SubscriberFleet.pause();
    }
    long visible = probes.stream().mapToLong(Probe::satisfiedAt).max().orElseThrow();
    double seconds = (visible - start) / 1e9;
    return new Report("register")
        .put("target", target.describe())
        .put("publishers", total)
        .put("dataIds", o.dataIds())
        .put("submitSeconds", Report.round((submitted - start) / 1e9))
        .put("visibleSeconds", Report.round(seconds))
        .put("publishersPerSecondVisible", Math.round(total / seconds));
  }

  private static void awaitFirstPush(List<Probe> probes) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!probes.stream().allMatch(Probe::pushed)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("subscribers got no first push within 60 s");
      }
      SubscriberFleet.pause();
    }
  }
}
