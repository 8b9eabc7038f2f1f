package io.roster.bench;

import com.alipay.sofa.registry.client.api.SubscriberDataObserver;
import com.alipay.sofa.registry.client.api.model.UserData;
import java.util.ArrayList;
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
