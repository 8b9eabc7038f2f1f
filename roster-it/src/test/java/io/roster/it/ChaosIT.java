package io.roster.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.it.support.CheckedClients;
import io.roster.it.support.ChurningPublishers;
import io.roster.it.support.ClusterProbes;
import io.roster.it.support.FaultLength;
import io.roster.it.support.FaultRig;
import io.roster.testkit.Await;
import io.roster.testkit.ConvergenceChecker;
import io.roster.testkit.ProcessCluster;
import io.roster.testkit.ProcessNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Random faults, one node at a time, of any role, while official clients keep publishing,
 * republishing and unregistering; then the {@link ConvergenceChecker} judges. Each fault is a
 * kill -9, a SIGTERM or a SIGSTOP held for 1–5 s (half of the meta and data faults hit the meta
 * leader or the data node leading most slots); a killed node is restarted; the next fault waits
 * until the cluster is whole again: a meta leader, every slot led, none syncing, and every
 * follower caught up with its leader. It does not wait for the clients: a data fault may hit while
 * a session's clients are still reconnecting, which the followers' replicas must cover.
 *
 * <p>Runs about two minutes in {@code mvn verify}. Longer, or replaying one sequence:
 * {@code mvn -B verify -pl roster-it -am -Dtest=ChaosIT -Dsurefire.failIfNoSpecifiedTests=false
 * -Droster.chaos.seconds=900 -Droster.chaos.seed=42}.
 */
class ChaosIT {

  private static final Logger LOG = LoggerFactory.getLogger(ChaosIT.class);
  private static final Duration SETTLED = Duration.ofSeconds(60);
  private static final int SLOTS = 64;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @RegisterExtension
  final FaultRig rig = new FaultRig();

  @Test
  void randomFaultsOfOneNodeAtATimeLoseNothingAndNeverPushAnIncompleteList() {
    long seconds = Long.getLong("roster.chaos.seconds", 120);
    long seed = Long.getLong("roster.chaos.seed", System.nanoTime());
    Random random = new Random(seed);
    LOG.info("chaos for {} s with seed {} (replay with -Droster.chaos.seed={})", seconds, seed, seed);
    ProcessCluster cluster = rig.closer.add(ProcessCluster.builder(dir).metas(3).datas(3).sessions(2)
        .replicas(2).slots(SLOTS).start());
    Await.until("both sessions listed", SETTLED, () -> ClusterProbes.sessionsListed(cluster, 0) == 2);
    List<Integer> sessionPorts = List.of(cluster.sessionHttpPort(0), cluster.sessionHttpPort(1));
    List<String> dataIds = CheckedClients.dataIds("chaos", 8);
    for (int s = 0; s < 4; s++) {
      rig.clients.subscriber(sessionPorts.get(s % 2), dataIds);
    }
    ChurningPublishers churn = rig.closer.add(
        new ChurningPublishers(rig.checker, rig.closer, sessionPorts, dataIds, seed, 100));
    rig.checker.awaitConverged(SETTLED);
    churn.start();

    List<String> faults = new ArrayList<>();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (System.nanoTime() < end) {
      faults.add(oneFault(cluster, random));
      Await.until("the cluster whole after " + faults.get(faults.size() - 1), SETTLED,
          () -> ClusterProbes.settled(cluster, SLOTS));
    }
    churn.close();

    LOG.info("chaos: {} faults, {} publisher steps, {} views: {}", faults.size(), churn.steps(),
        rig.checker.viewCount(), faults);
    rig.checker.awaitConverged(SETTLED);
    assertThat(faults).hasSizeGreaterThan(1);
    assertThat(churn.steps()).isPositive();
    assertThat(rig.checker.incompletePushes()).as("seed %d, faults %s, logs in %s", seed, faults, dir)
        .isEmpty();
  }

  /** Breaks one random node, holds the fault for 1–5 s, heals it; returns when and what it did. */
  private static String oneFault(ProcessCluster cluster, Random random) {
    // Half the meta and data faults hit the node that matters most: the meta leader, the data
    // node leading the most slots.
    boolean mostImportant = random.nextBoolean();
    ProcessNode node = switch (random.nextInt(3)) {
      case 0 -> cluster.meta(mostImportant ? Math.max(0, ClusterProbes.metaLeader(cluster))
          : random.nextInt(cluster.metas().size()));
      case 1 -> cluster.data(mostImportant ? Math.max(0, ClusterProbes.leaderOfMostSlots(cluster))
          : random.nextInt(cluster.datas().size()));
      default -> cluster.session(random.nextInt(cluster.sessions().size()));
    };
    Duration hold = Duration.ofMillis(1000 + random.nextInt(4000));
    int kind = random.nextInt(10);
    String fault = LocalTime.now() + " " + (kind < 5 ? "kill -9 " : kind < 7 ? "SIGTERM " : "SIGSTOP ") + node.name()
        + " for " + hold.toMillis() + " ms";
    LOG.info("chaos: {}", fault);
    if (kind < 5) {
      node.kill9();
    } else if (kind < 7) {
      node.terminate();
    } else {
      node.pause();
    }
    FaultLength.hold(hold);
    if (kind < 7) {
      node.restart(cluster.startTimeout());
    } else {
      node.resume();
    }
    return fault;
  }
}
