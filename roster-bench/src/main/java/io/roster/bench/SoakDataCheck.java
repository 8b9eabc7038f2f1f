package io.roster.bench;

import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The soak's last check, that the churn lost no data: a fresh official client subscribes to every
 * dataId and waits until each view is exactly the live publishers the churn JVMs reported, no
 * value missing (lost) and none extra (a replaced or vanished publisher the server still serves).
 */
final class SoakDataCheck {

  /** Live publishers, values the subscriber saw, and the differences (with a few examples). */
  record Result(int live, int visible, int missing, int unexpected, List<String> examples) {
    boolean ok() {
      return missing == 0 && unexpected == 0 && visible == live;
    }
  }

  private SoakDataCheck() {}

  /** {@code live} holds "dataId value" lines. */
  static Result run(Clients clients, List<String> dataIds, List<String> live, Duration bound) {
    Map<String, Set<String>> expected = new HashMap<>();
    dataIds.forEach(d -> expected.put(d, new HashSet<>()));
    for (String line : live) {
      int space = line.indexOf(' ');
      expected.computeIfAbsent(line.substring(0, space), d -> new HashSet<>()).add(line.substring(space + 1));
    }
    DefaultRegistryClient client = clients.connect("soak-check");
    Map<String, Probe> probes = new HashMap<>();
    for (Map.Entry<String, Set<String>> e : expected.entrySet()) {
      Probe probe = new Probe();
      Set<String> want = e.getValue();
      probe.arm(values -> values.size() == want.size() && want.containsAll(values));
      probes.put(e.getKey(), probe);
      Clients.subscribe(client, e.getKey(), probe);
    }
    Probe.awaitAll(probes.values(), Probe::satisfied, bound);
    int visible = 0;
    int missing = 0;
    int unexpected = 0;
    List<String> examples = new ArrayList<>();
    for (Map.Entry<String, Probe> e : probes.entrySet()) {
      List<String> seen = e.getValue().latest();
      Set<String> want = expected.get(e.getKey());
      visible += seen.size();
      for (String v : want) {
        if (!seen.contains(v)) {
          missing++;
          example(examples, "missing " + e.getKey() + " " + v);
        }
      }
      for (String v : seen) {
        if (!want.contains(v)) {
          unexpected++;
          example(examples, "unexpected " + e.getKey() + " " + v);
        }
      }
    }
    // This client cannot be shut down (6.3.0 has no such call); once the server stops it would log
    // every failed reconnect at ERROR into the bench's output.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.alipay.sofa.common.log"))
        .setLevel(ch.qos.logback.classic.Level.OFF);
    return new Result(live.size(), visible, missing, unexpected, examples);
  }

  private static void example(List<String> examples, String text) {
    if (examples.size() < 5) {
      examples.add(text);
    }
  }
}
