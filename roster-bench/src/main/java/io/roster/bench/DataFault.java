package io.roster.bench;

import io.roster.testkit.Await;
import java.util.List;

/**
 * The data node leading the most slots is killed (kill -9) while the churn publisher keeps
 * registering and republishing. Right after the kill the churn registers a fresh publisher on
 * every dataId (a burst), so every dataId, and so every slot the victim led that holds one, has a
 * write that must get through. Measures
 * from the kill: {@code dataSlotsLed}, until the survivors lead every slot between them (their
 * {@code /digest/datum/count}, polled), and {@code dataConverged}, until every subscriber has seen
 * that burst and every view equals the live publishers ({@code divergences()} empty, polled every
 * ~10 ms while the churn goes on).
 */
final class DataFault implements Fault {

  private final FailoverRig rig;
  private final FaultTally tally;
  private int victim = -1;

  DataFault(FailoverRig rig, FaultTally tally) {
    this.rig = rig;
    this.tally = tally;
  }

  @Override
  public String name() {
    return "data";
  }

  @Override
  public String[] measures() {
    return new String[] {"dataSlotsLed", "dataConverged"};
  }

  @Override
  public String inject(int round) {
    ClusterView view = rig.view();
    Await.until("balanced slot leaders", FailoverRig.BOUND, view::balanced);
    int leader = view.dataLeadingMost();
    String counts = view.leadingCounts();
    Churn churn = rig.churn();
    long ticksBefore = churn.ticks();
    churn.start("data-r" + round);
    try {
      victim = leader;
      long start = System.nanoTime();
      rig.cluster().data(leader).kill9();
      List<String> burst = churn.burst("data-r" + round + "-burst");
      long[] led = {0};
      long[] converged = {0};
      rig.awaitStamp("the survivors lead every slot and every view converged", burst, () -> {
        if (converged[0] == 0) {
          converged[0] = rig.convergedAfter(burst);
        }
        if (led[0] == 0 && view.allSlotsLedWithout(leader)) {
          led[0] = System.nanoTime();
        }
        return led[0] != 0 ? converged[0] : 0;
      });
      tally.sample("dataSlotsLed", led[0] - start);
      tally.sample("dataConverged", converged[0] - start);
      return String.format("killed data-%d (slots led %s); all slots led after %d ms, converged after %d ms"
          + " (%d churn changes)", leader, counts, FailoverRig.millis(start, led[0]),
          FailoverRig.millis(start, converged[0]), churn.ticks() - ticksBefore);
    } finally {
      churn.stop();
    }
  }

  @Override
  public void recover(int round) {
    if (victim >= 0) {
      rig.cluster().data(victim).restart(rig.cluster().startTimeout());
      victim = -1;
    }
    rig.awaitConverged("after the data node restarted");
    Await.until("balanced slot leaders after the restart", FailoverRig.BOUND, rig.view()::balanced);
    rig.awaitConverged("after the slots were balanced");
  }
}
