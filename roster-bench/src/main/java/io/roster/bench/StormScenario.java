package io.roster.bench;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.client.api.registration.PublisherRegistration;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code storm}: {@code dataIds} dataIds, each with one publisher and one subscriber, all
 * republished in a burst at {@code rate} changes per second from {@code connections} publisher
 * clients. Each sample is one dataId's time from its republish until its subscriber shows the new
 * value; every change must arrive. The official client sends registrations one at a time per
 * connection, so the rate the registry actually received ({@code rateAcked}) is reported too.
 */
final class StormScenario {

  private StormScenario() {}

  static Report run(BenchOptions o, Target target) {
    Clients clients = new Clients(target.host(), target.httpPort());
    String prefix = "bench.storm." + System.currentTimeMillis() + ".";
    DefaultRegistryClient subscriberClient = clients.connect("bench-storm-subscriber");
    List<DefaultRegistryClient> publisherClients = new ArrayList<>();
    for (int c = 0; c < o.connections(); c++) {
      publisherClients.add(clients.connect("bench-storm-publisher-" + c));
    }
    List<Probe> probes = new ArrayList<>();
    List<Publisher> publishers = new ArrayList<>();
    for (int d = 0; d < o.dataIds(); d++) {
      Probe probe = new Probe();
      probes.add(probe);
      Clients.subscribe(subscriberClient, prefix + d, probe);
      publishers.add(publisherClients.get(d % publisherClients.size())
          .register(new PublisherRegistration(prefix + d), "storm-0"));
    }
    probes.forEach(p -> p.arm(values -> values.contains("storm-0")));
    if (Probe.awaitAll(probes, Probe::satisfied, Duration.ofSeconds(120)) > 0) {
      throw new IllegalStateException("set-up did not converge");
    }
    long pushesBefore = target.sessionCounter("pushes");
    long droppedBefore = target.sessionCounter("droppedPushes");
    long mergedBefore = target.sessionCounter("mergedPushes");
    System.out.printf("storm: %d dataIds republished at %d changes/s%n", o.dataIds(), o.rate());
    long[] startedAt = new long[o.dataIds()];
    probes.forEach(p -> p.arm(values -> values.contains("storm-1")));
    long gapNanos = 1_000_000_000L / o.rate();
    long start = System.nanoTime();
    for (int d = 0; d < o.dataIds(); d++) {
      long due = start + d * gapNanos;
      while (System.nanoTime() < due) {
        Thread.onSpinWait();
      }
      startedAt[d] = System.nanoTime();
      publishers.get(d).republish("storm-1");
    }
    long submitted = System.nanoTime();
    while (!publishers.stream().allMatch(Publisher::isRegistered)) {
      SubscriberFleet.pause();
    }
    double ackedSeconds = (System.nanoTime() - start) / 1e9;
    long lost = Probe.awaitAll(probes, Probe::satisfied, Duration.ofSeconds(60));
    long[] samples = new long[o.dataIds()];
    int n = 0;
    for (int d = 0; d < samples.length; d++) {
      if (probes.get(d).satisfiedAt() != 0) {
        samples[n++] = probes.get(d).satisfiedAt() - startedAt[d];
      }
    }
    samples = java.util.Arrays.copyOf(samples, n);
    return new Report("storm")
        .put("target", target.describe())
        .put("dataIds", o.dataIds())
        .put("publisherConnections", o.connections())
        .put("rateTarget", o.rate())
        .put("rateSubmitted", Math.round(o.dataIds() / ((submitted - start) / 1e9)))
        .put("rateAcked", Math.round(o.dataIds() / ackedSeconds))
        .put("changesLost", lost)
        .latency("push", Stats.of(samples))
        .put("pushes", target.sessionCounter("pushes") - pushesBefore)
        .put("mergedPushes", target.sessionCounter("mergedPushes") - mergedBefore)
        .put("droppedPushes", target.sessionCounter("droppedPushes") - droppedBefore);
  }
}
