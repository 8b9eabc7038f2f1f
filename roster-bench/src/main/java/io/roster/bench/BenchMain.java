package io.roster.bench;

import java.nio.file.Path;

/** {@code ./roster bench SCENARIO [options]}. */
public final class BenchMain {

  static final String HELP = """
      Usage: roster bench SCENARIO [options]

      Scenarios (latency scenarios use the official registry-client-all 6.3.0):
        offline   Publisher JVMs (-Xmx64m, started before each round) are killed with kill -9.
                  Sample: per subscriber, kill until its view no longer shows that publisher.
        change    republish(); sample: per subscriber, call until its view shows the new value.
        register  One client registers --publishers publishers over --dataids subscribed
                  dataIds; reports publishers/s, counted until visible to the subscribers.
        storm     --dataids dataIds, one publisher and one subscriber each, all republished at
                  --rate changes/s; reports push latency, lost changes, merged and dropped pushes.
        scale     A wire-level load client (own JVM) registers --publishers publishers (unique
                  100-byte payloads) and --subscribers subscribers on --connections connections
                  over --dataids dataIds; reports time to steady state and (not with --target) live heap
                  per publisher and per subscriber after a full GC (session and data together).
        failover  Starts 3 meta, 3 data and 2 session JVMs (logs under --out) with official clients
                  on both sessions; per round kills (kill -9), measures, then restarts: the meta
                  leader (until a survivor leads; until a fresh publisher is seen), the data node
                  leading most slots under churn (until all slots are led; until every view
                  converged), a session (until its clients' new values are seen via the other
                  session; until converged). Reports pushes that lacked a live publisher.
        soak      A server in its own JVM (-Xmx512m, log and data dir under --out) under --clients
                  official clients in 2 churn JVMs for --minutes: each client keeps 10 publishers
                  and 10 subscribers on --dataids dataIds and, at --rate changes/s in all,
                  republishes, replaces publishers and subscribers, and drops its connection; each
                  churn JVM is halted and replaced every fifth of the run. Samples every ~30 s a
                  full GC in the server, then heap used, RSS, publishers and subscribers. Passes if
                  the heap after GC stays flat (least-squares slope over the second half < 1 MB/min,
                  last - first < 16 MB) and, at the end, a fresh subscriber sees exactly the live
                  publishers. Exits 1 if it fails. Not part of mvn verify. Under ~5 minutes the
                  heap is still filling (tombstones live 2 minutes), so the verdict means little.
        floor     The round-trip floor: one registration against a handler that does nothing.

      Options:
        --target HOST:PORT   a running Roster's session HTTP port (default: start one for the run
                             as its own JVM, all roles, the JVM's default heap, as ./roster start;
                             failover and soak always start their own)
        --in-process         run the registry inside the bench JVM instead (client and server then
                             share a heap, JIT and cores: figures not comparable with the others)
        --subscribers N      offline/change: subscribers (default 1000); scale: (default 1000000)
        --connections N      offline/change: client connections they share (default 20);
                             storm: publisher connections (default 4); scale: (default 10000)
        --rounds N           offline/change: rounds (default 50); failover: (default 5)
        --publishers N       register: publishers (default 10000); scale: (default 1000000)
        --dataids N          register and soak: dataIds (default 100); storm: (default 2000);
                             scale: (default 100000)
        --rate N             storm: changes per second (default 10000); soak: (default 200)
        --warmup N           offline/change: unmeasured rounds first (default 5);
                             register/storm: unmeasured runs first, on other dataIds (default 3)
        --minutes N          soak: how long it churns (default 10)
        --clients N          soak: official clients churning (default 20)
        --out DIR            where the JSON result goes (default var/bench)

      Every run prints a table and writes bench-SCENARIO-TIME.json with p50, p99 and max latency
      (ms) or throughput. The round-trip floor is measured and reported with every scenario but
      soak, which writes its samples and verdict instead.
      """;

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.print(HELP);
      return;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("roster bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    Clients.quietClientLogs();
    Report report = run(options);
    System.out.print(report.table());
    Path file = report.write(options.out());
    System.out.println("  written to " + file);
    System.exit("FAIL".equals(report.get("verdict")) ? 1 : 0);
  }

  static Report run(BenchOptions options) throws Exception {
    if (options.scenario().equals("soak")) {
      // Not a latency scenario, and its server is another JVM: the floor would say nothing about it.
      return SoakScenario.run(options);
    }
    Stats floor = FloorProbe.measure(2000);
    if (options.scenario().equals("floor")) {
      return new Report("floor").latency("floor", floor);
    }
    if (options.scenario().equals("failover")) {
      return withFloor(FailoverScenario.run(options), floor);
    }
    try (Target target = options.target() != null ? Target.remote(options.target())
        : options.inProcess() ? Target.inProcess(options.out().resolve("cluster"))
        : Target.separate(options.out().resolve("server"))) {
      Report report = switch (options.scenario()) {
        case "offline" -> OfflineScenario.run(options, target);
        case "change" -> ChangeScenario.run(options, target);
        case "register" -> RegisterScenario.run(options, target);
        case "storm" -> StormScenario.run(options, target);
        case "scale" -> ScaleScenario.run(options, target);
        default -> throw new IllegalArgumentException(options.scenario());
      };
      return withFloor(report, floor);
    }
  }

  private static Report withFloor(Report report, Stats floor) {
    return report.put("floorP50Ms", Report.round(floor.p50Millis()))
        .put("floorP99Ms", Report.round(floor.p99Millis()))
        .put("heapUsedMb", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
  }
}
