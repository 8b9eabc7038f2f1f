package io.roster.bench;

import io.roster.testkit.Await;
import java.util.ArrayList;
import java.util.List;

/**
 * A session is killed (kill -9), session-0 in odd rounds and session-1 in even ones. Right after
 * the kill, every publisher client that was connected to it republishes all its publishers: the
 * new values can only arrive once the client has reconnected to the other session. Measures from
 * the kill: {@code sessionMovedVisible}, until every subscriber connected to the other session
 * has seen all of them (stamped by the observers), and {@code sessionConverged}, until every
 * subscriber, the moved ones included, has seen them and every view equals the live publishers
 * (polled). The killed session's publishers must not vanish meanwhile: that would be an
 * incomplete push. Recovery restarts the session and brings its clients back to it.
 */
final class SessionFault implements Fault {

  private final FailoverRig rig;
  private final FaultTally tally;
  private int victim = -1;

  SessionFault(FailoverRig rig, FaultTally tally) {
    this.rig = rig;
    this.tally = tally;
  }

  @Override
  public String name() {
    return "session";
  }

  @Override
  public String[] measures() {
    return new String[] {"sessionMovedVisible", "sessionConverged"};
  }

  @Override
  public String inject(int round) {
    int killed = (round - 1) % rig.cluster().sessions().size();
    int killedPort = rig.view().sessionBoltPort(killed);
    List<CheckedPublishers> movers = rig.publishers().stream()
        .filter(p -> p.client().connectedPort() == killedPort).toList();
    List<String> watchers = rig.subscribers().stream()
        .filter(s -> s.connectedPort() > 0 && s.connectedPort() != killedPort)
        .map(HomedClient::name).toList();
    if (movers.isEmpty() || watchers.isEmpty()) {
      throw new IllegalStateException("no publisher on session-" + killed + " or no subscriber elsewhere: "
          + rig.publishers().stream().map(CheckedPublishers::client).toList() + " " + rig.subscribers());
    }
    victim = killed;
    long start = System.nanoTime();
    rig.cluster().session(killed).kill9();
    List<String> fresh = new ArrayList<>();
    movers.forEach(p -> fresh.addAll(p.republishAll("session-r" + round)));
    long visible = rig.awaitStamp("the moved publishers' new values at the other session's subscribers",
        fresh, () -> rig.views().allSeenAt(fresh, watchers));
    long converged = rig.awaitStamp("every subscriber converged", fresh, () -> rig.convergedAfter(fresh));
    tally.sample("sessionMovedVisible", visible - start);
    tally.sample("sessionConverged", converged - start);
    return String.format("killed session-%d; its %d publisher clients' new values seen via session-%d after"
        + " %d ms, converged after %d ms", killed, movers.size(), 1 - killed, FailoverRig.millis(start, visible),
        FailoverRig.millis(start, converged));
  }

  @Override
  public void recover(int round) {
    if (victim >= 0) {
      rig.cluster().session(victim).restart(rig.cluster().startTimeout());
      int restarted = victim;
      victim = -1;
      Await.until("both sessions list each other", FailoverRig.BOUND,
          rig.view()::sessionsListEachOther);
      rig.rehome(restarted, "home-r" + round);
    }
    rig.awaitConverged("after the session restarted");
  }
}
