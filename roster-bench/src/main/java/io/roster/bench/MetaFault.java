package io.roster.bench;

import io.roster.testkit.Await;
import java.util.List;

/**
 * The meta leader is killed (kill -9). Two measures from the kill: {@code metaElected}, until a
 * surviving meta node's {@code /api/meta/leader} says it leads (polled every ~10 ms), and
 * {@code metaWriteVisible}, until a fresh publisher on a fresh dataId, registered right after the
 * kill, is in every subscriber's view (stamped by the subscribers' observers). The fresh dataId is
 * subscribed before the kill, so the write is the only thing that has to get through.
 *
 * <p>A new meta leader evicts no data node for one data lease after it took over (it cannot tell
 * a dead node from one whose first heartbeat has not reached it yet), so recovery waits that out:
 * a data node killed sooner would measure the grace period, not the data failover.
 */
final class MetaFault implements Fault {

  private static final long GRACE_MARGIN_NANOS = 500_000_000L;

  private final FailoverRig rig;
  private final FaultTally tally;
  private int victim = -1;
  private long electedAt;

  MetaFault(FailoverRig rig, FaultTally tally) {
    this.rig = rig;
    this.tally = tally;
  }

  @Override
  public String name() {
    return "meta";
  }

  @Override
  public String[] measures() {
    return new String[] {"metaElected", "metaWriteVisible"};
  }

  @Override
  public String inject(int round) {
    ClusterView view = rig.view();
    int leader = Await.value("a meta leader", FailoverRig.BOUND, () -> {
      int i = view.metaLeader(-1);
      return i >= 0 ? i : null;
    });
    String dataId = rig.dataIds().get(0) + ".meta-r" + round;
    rig.subscribeAll(dataId);
    rig.awaitConverged("every subscriber's empty view of " + dataId);
    CheckedPublishers writer = rig.publishers().get(round % rig.publishers().size());
    String value = "meta-r" + round + "-" + writer.client().name();

    victim = leader;
    long start = System.nanoTime();
    rig.cluster().meta(leader).kill9();
    writer.publish(dataId, value);
    long[] elected = {0};
    int[] successor = {-1};
    String what = "a new meta leader and " + value + " seen by every subscriber";
    long visible = rig.awaitStamp(what, List.of(value), () -> {
      if (elected[0] == 0) {
        successor[0] = view.metaLeader(leader);
        elected[0] = successor[0] >= 0 ? System.nanoTime() : 0;
      }
      long seen = rig.views().allSeenAt(List.of(value), rig.subscriberNames());
      return elected[0] != 0 ? seen : 0;
    });
    electedAt = elected[0];
    tally.sample("metaElected", elected[0] - start);
    tally.sample("metaWriteVisible", visible - start);
    return String.format("killed meta-%d; meta-%d leads after %d ms, fresh publisher seen after %d ms",
        leader, successor[0], FailoverRig.millis(start, elected[0]), FailoverRig.millis(start, visible));
  }

  @Override
  public void recover(int round) {
    if (victim >= 0) {
      rig.cluster().meta(victim).restart(rig.cluster().startTimeout());
      victim = -1;
    }
    Await.until("a meta leader", FailoverRig.BOUND, () -> rig.view().metaLeader(-1) >= 0);
    rig.awaitConverged("after meta restarted");
    long graceEnds = (electedAt != 0 ? electedAt : System.nanoTime()) + FailoverRig.DATA_LEASE.toNanos()
        + GRACE_MARGIN_NANOS;
    electedAt = 0;
    Await.until("the new meta leader's data-lease grace to end", FailoverRig.BOUND,
        () -> System.nanoTime() - graceEnds >= 0);
  }
}
