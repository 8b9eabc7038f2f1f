package io.roster.bench;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Parsed {@code ./roster bench} options; every scenario reads the ones it needs. */
record BenchOptions(String scenario, String target, int subscribers, int connections, int rounds,
    int publishers, int dataIds, int rate, int warmup, Path out, int minutes, int clients,
    boolean inProcess) {

  static final List<String> SCENARIOS = List.of("offline", "change", "register", "storm", "scale", "failover",
      "soak", "floor");

  static BenchOptions parse(String[] args) {
    Deque<String> in = new ArrayDeque<>(List.of(args));
    if (in.isEmpty()) {
      throw new IllegalArgumentException("name a scenario: " + String.join(", ", SCENARIOS));
    }
    String scenario = in.pop();
    if (!SCENARIOS.contains(scenario)) {
      throw new IllegalArgumentException("unknown scenario '" + scenario + "'; one of " + SCENARIOS);
    }
    String target = null;
    boolean scale = scenario.equals("scale");
    int subscribers = scale ? 1_000_000 : 1000;
    int connections = scenario.equals("storm") ? 4 : scale ? 10_000 : 20;
    int rounds = scenario.equals("failover") ? 5 : 50;
    int publishers = scale ? 1_000_000 : 10_000;
    int dataIds = scenario.equals("storm") ? 2000 : scale ? 100_000 : 100;
    int rate = scenario.equals("soak") ? 200 : 10_000;
    int warmup = -1;
    int minutes = 10;
    int clients = 20;
    Path out = Path.of("var", "bench");
    boolean inProcess = false;
    while (!in.isEmpty()) {
      String option = in.pop();
      if (option.equals("--in-process")) {
        inProcess = true;
        continue;
      }
      if (in.isEmpty()) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      String value = in.pop();
      switch (option) {
        case "--target" -> target = value;
        case "--subscribers" -> subscribers = positive(option, value);
        case "--connections" -> connections = positive(option, value);
        case "--rounds" -> rounds = positive(option, value);
        case "--publishers" -> publishers = positive(option, value);
        case "--dataids" -> dataIds = positive(option, value);
        case "--rate" -> rate = positive(option, value);
        case "--out" -> out = Path.of(value);
        case "--warmup" -> warmup = nonNegative(option, value);
        case "--minutes" -> minutes = positive(option, value);
        case "--clients" -> clients = positive(option, value);
        default -> throw new IllegalArgumentException("unknown option " + option + "; see --help");
      }
    }
    if (scenario.equals("failover") && target != null) {
      throw new IllegalArgumentException("failover starts its own cluster of real processes (it kills and "
          + "restarts them), so it takes no --target");
    }
    if (scenario.equals("soak") && target != null) {
      throw new IllegalArgumentException("soak starts its own server JVM (it forces full GCs in it and reads "
          + "its heap), so it takes no --target");
    }
    if (inProcess && (target != null || scenario.equals("failover") || scenario.equals("soak"))) {
      throw new IllegalArgumentException("--in-process runs the registry in the bench JVM; it does not go"
          + " with --target, failover or soak");
    }
    if (warmup < 0) {
      warmup = scenario.equals("offline") || scenario.equals("change") ? 5 : 3;
    }
    return new BenchOptions(scenario, target, subscribers, connections, rounds, publishers, dataIds,
        rate, warmup, out, minutes, clients, inProcess);
  }

  private static int nonNegative(String option, String value) {
    return value.equals("0") ? 0 : positive(option, value);
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // Reported below.
    }
    throw new IllegalArgumentException(option + " wants a positive whole number, got '" + value + "'");
  }
}
