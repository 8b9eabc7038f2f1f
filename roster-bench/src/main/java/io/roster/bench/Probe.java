package io.roster.bench;

import com.alipay.sofa.registry.client.api.SubscriberDataObserver;
import com.alipay.sofa.registry.client.api.model.UserData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * One subscriber's view, checked by content. A round arms a condition; the first push whose
 * values satisfy it stamps the time. The client calls observers even for pushes it discards, so
 * only the content counts, never the callback itself.
 */
final class Probe implements SubscriberDataObserver {

  private volatile Predicate<List<String>> condition = values -> false;
  private volatile long satisfiedAt;
  private volatile List<String> latest = List.of();
  private volatile boolean pushed;

  @Override
  public void handleData(String dataId, UserData data) {
    List<String> values = new ArrayList<>();
    if (data != null && data.getZoneData() != null) {
      data.getZoneData().values().forEach(values::addAll);
    }
    latest = values;
    pushed = true;
    if (satisfiedAt == 0 && condition.test(values)) {
      satisfiedAt = System.nanoTime();
    }
  }

  /** Arms a new round. If the current view already satisfies it, it counts as satisfied now. */
  void arm(Predicate<List<String>> next) {
    satisfiedAt = 0;
    condition = next;
  }

  /**
   * Waits until every probe passes {@code done} or the timeout runs out; returns how many did not.
   * Polling is the bench's own bookkeeping: samples are stamped by the observers, not here.
   */
  static long awaitAll(Collection<Probe> probes, Predicate<Probe> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!probes.stream().allMatch(done) && System.nanoTime() < deadline) {
      SubscriberFleet.pause();
    }
    return probes.stream().filter(done.negate()).count();
  }

  /** As {@link #awaitAll}, but failing with {@code what} when any probe is left behind. */
  static void requireAll(Collection<Probe> probes, Predicate<Probe> done, Duration timeout, String what) {
    long behind = awaitAll(probes, done, timeout);
    if (behind > 0) {
      throw new IllegalStateException(behind + " of " + probes.size() + " subscribers did not see "
          + what + " within " + timeout);
    }
  }

  boolean satisfied() {
    return satisfiedAt != 0;
  }

  long satisfiedAt() {
    return satisfiedAt;
  }

  List<String> latest() {
    return latest;
  }

  boolean pushed() {
    return pushed;
  }
}
