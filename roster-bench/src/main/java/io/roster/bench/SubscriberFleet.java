package io.roster.bench;

import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** {@code subscribers} subscribers of one dataId spread over {@code connections} clients. */
final class SubscriberFleet {

  private final List<Probe> probes = new ArrayList<>();

  SubscriberFleet(Clients clients, String dataId, int subscribers, int connections) {
    List<DefaultRegistryClient> conns = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      conns.add(clients.connect("bench-subscriber-" + c));
    }
    for (int s = 0; s < subscribers; s++) {
      Probe probe = new Probe();
      probes.add(probe);
      Clients.subscribe(conns.get(s % connections), dataId, probe);
    }
  }

  int size() {
    return probes.size();
  }

  /** Waits until every subscriber's view satisfies the condition (setup, not measured). */
  void awaitAll(Predicate<List<String>> condition, Duration timeout) {
    Probe.requireAll(probes, p -> p.pushed() && condition.test(p.latest()), timeout, "the set-up view");
  }

  void arm(Predicate<List<String>> condition) {
    probes.forEach(p -> p.arm(condition));
  }

  /**
   * Waits until every armed subscriber is satisfied; returns one sample per subscriber, the time
   * from {@code startNanos}. Subscribers still unsatisfied at the deadline fail the round.
   */
  long[] samplesSince(long startNanos, Duration timeout) {
    Probe.requireAll(probes, Probe::satisfied, timeout, "the change");
    return probes.stream().mapToLong(p -> p.satisfiedAt() - startNanos).toArray();
  }

  /** Polling the probes is the benchmark's own bookkeeping; it does not delay any sample. */
  static void pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
