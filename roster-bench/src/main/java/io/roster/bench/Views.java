package io.roster.bench;

import com.alipay.sofa.registry.client.api.Subscriber;
import com.alipay.sofa.registry.client.api.model.UserData;
import com.alipay.sofa.registry.client.api.registration.SubscriberRegistration;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.roster.testkit.ConvergenceChecker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every view a subscriber is handed, going two ways: to the {@link ConvergenceChecker}, which
 * judges correctness (no live publisher vanished, views equal the live publishers), and into
 * first sightings, stamped with {@link System#nanoTime()} in the observer itself, which time the
 * faults. Values identify publishers and are unique, so "when did subscriber S first see value V"
 * is the moment that publication reached S; no polling is involved in any sighting.
 */
final class Views {

  private final ConvergenceChecker checker;
  /** value, then subscriber, then the first nanoTime it was in that subscriber's view. */
  private final Map<String, Map<String, Long>> firstSeen = new HashMap<>();

  Views(ConvergenceChecker checker) {
    this.checker = checker;
  }

  ConvergenceChecker checker() {
    return checker;
  }

  /**
   * Subscribes {@code client} (its name is the subscriber's name) to {@code dataId}. The client
   * runs observers on a pool, each with the data it peeked when it started, so two callbacks can
   * arrive out of order; the view that counts is the subscriber's own state, read under one lock
   * per subscription, and those reads are in real-time order.
   */
  void subscribe(HomedClient client, String dataId) {
    checker.subscribed(client.name(), dataId);
    AtomicReference<Subscriber> self = new AtomicReference<>();
    Object lock = new Object();
    SubscriberRegistration registration = new SubscriberRegistration(dataId, (id, data) -> {
      synchronized (lock) {
        Subscriber subscriber = self.get();
        pushed(client.name(), id, subscriber != null ? subscriber.peekData() : data);
      }
    });
    registration.setScopeEnum(ScopeEnum.dataCenter);
    self.set(client.raw().register(registration));
  }

  private void pushed(String subscriber, String dataId, UserData data) {
    long now = System.nanoTime();
    List<String> values = new ArrayList<>();
    if (data != null && data.getZoneData() != null) {
      data.getZoneData().values().forEach(values::addAll);
    }
    checker.pushed(subscriber, dataId, values);
    synchronized (this) {
      for (String value : values) {
        firstSeen.computeIfAbsent(value, v -> new HashMap<>()).putIfAbsent(subscriber, now);
      }
    }
  }

  /**
   * The moment the last of {@code subscribers} first saw the last of {@code values}, or 0 while
   * any of them has not seen one of them yet.
   */
  synchronized long allSeenAt(Collection<String> values, Collection<String> subscribers) {
    long last = 0;
    for (String value : values) {
      Map<String, Long> seen = firstSeen.getOrDefault(value, Map.of());
      for (String subscriber : subscribers) {
        Long at = seen.get(subscriber);
        if (at == null) {
          return 0;
        }
        last = Math.max(last, at);
      }
    }
    return last;
  }

  /** Which of {@code values} some of {@code subscribers} have not seen (for failure messages). */
  synchronized List<String> unseen(Collection<String> values, Collection<String> subscribers) {
    List<String> out = new ArrayList<>();
    for (String value : values) {
      Map<String, Long> seen = firstSeen.getOrDefault(value, Map.of());
      for (String subscriber : subscribers) {
        if (!seen.containsKey(subscriber)) {
          out.add(subscriber + " lacks " + value);
        }
      }
    }
    return out;
  }
}
