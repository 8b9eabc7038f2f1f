package io.roster.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * {@code failover}: a cluster of real processes (3 meta, 3 data, 2 sessions; {@link FailoverRig})
 * and, per round, three faults in turn: the meta leader, the data node leading the most slots,
 * and a session, each killed with kill -9, measured, then restarted ({@link MetaFault},
 * {@link DataFault}, {@link SessionFault}). A fault whose wait runs out fails its round; the node
 * is still restarted, and if the cluster does not come back within the bound the remaining rounds
 * are skipped, so the bench always ends with a report. Node logs stay under the cluster
 * directory, which the report names.
 */
final class FailoverScenario {

  static final int DATA_IDS = 20;

  private FailoverScenario() {}

  static Report run(BenchOptions o) throws IOException {
    Files.createDirectories(o.out());
    Path dir = Files.createTempDirectory(o.out().toAbsolutePath(), "failover-");
    long began = System.nanoTime();
    quietExpectedDialErrors();
    System.out.printf("failover: starting %s in %s%n", FailoverRig.describe(), dir);
    FailoverRig rig = FailoverRig.start(dir, DATA_IDS);
    Thread reaper = new Thread(rig::close, "bench-failover-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
    try (rig) {
      System.out.printf("failover: cluster and clients ready after %.1f s; %d rounds%n",
          (System.nanoTime() - began) / 1e9, o.rounds());
      FaultTally tally = new FaultTally();
      List<Fault> faults = List.of(new MetaFault(rig, tally), new DataFault(rig, tally),
          new SessionFault(rig, tally));
      faults.forEach(f -> tally.declare(f.name(), f.measures()));
      int roundsRun = 0;
      boolean healthy = true;
      for (int round = 1; round <= o.rounds() && healthy; round++) {
        for (Fault fault : faults) {
          healthy = healthy && runOnce(fault, round, o.rounds(), rig, tally);
        }
        roundsRun++;
      }
      Report report = new Report("failover")
          .put("cluster", FailoverRig.describe())
          .put("clusterDir", dir.toString())
          .put("clients", FailoverRig.CLIENTS_PER_SESSION + " publisher and " + FailoverRig.CLIENTS_PER_SESSION
              + " subscriber clients per session, each on all " + DATA_IDS + " dataIds, and a churn publisher")
          .put("rounds", o.rounds())
          .put("roundsRun", roundsRun);
      tally.addTo(report, rig.checker().incompletePushes().size());
      return report.put("viewsChecked", rig.checker().viewCount())
          .put("wallSeconds", Math.round((System.nanoTime() - began) / 1e8) / 10.0);
    } finally {
      Runtime.getRuntime().removeShutdownHook(reaper);
    }
  }

  /**
   * A client whose session was killed dials it again until it moves, and bolt logs each failed
   * dial at ERROR with a stack trace through this one logger, which would bury the progress lines.
   * Those failures are the fault itself; the nodes' own logs are kept under the cluster directory.
   */
  private static void quietExpectedDialErrors() {
    ((Logger) LoggerFactory.getLogger("com.alipay.sofa.common.log")).setLevel(Level.OFF);
  }

  /**
   * Injects one fault and recovers from it, recording a failure instead of throwing; returns
   * false when the cluster could not be brought back, which ends the run.
   */
  private static boolean runOnce(Fault fault, int round, int rounds, FailoverRig rig, FaultTally tally) {
    int incompleteSoFar = rig.checker().incompletePushes().size();
    boolean healthy = true;
    try {
      System.out.printf("  round %d/%d %s: %s%n", round, rounds, fault.name(), fault.inject(round));
    } catch (RuntimeException | AssertionError e) {
      tally.failed(fault.name(), round, e.getMessage());
      System.out.printf("  round %d/%d %s: FAILED: %s%n", round, rounds, fault.name(), e.getMessage());
    }
    incompleteSoFar = countIncomplete(rig, tally, fault.name(), incompleteSoFar);
    try {
      fault.recover(round);
    } catch (RuntimeException | AssertionError e) {
      tally.failed(fault.name(), round, "recovery: " + e.getMessage());
      System.out.printf("  round %d/%d %s: recovery FAILED, stopping: %s%n", round, rounds, fault.name(),
          e.getMessage());
      healthy = false;
    }
    countIncomplete(rig, tally, fault.name() + "Recovery", incompleteSoFar);
    return healthy;
  }

  /** Tallies and prints the incomplete pushes after the first {@code before}; returns the count. */
  private static int countIncomplete(FailoverRig rig, FaultTally tally, String phase, int before) {
    List<String> all = rig.checker().incompletePushes();
    tally.incomplete(phase, all.size() - before);
    all.subList(before, all.size()).stream().limit(3)
        .forEach(p -> System.out.println("    incomplete push during " + phase + ": " + p));
    return all.size();
  }
}
