package io.roster.testkit;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one check every fault test makes, written once. Tests tell it what they publish, what they
 * retire (before the publisher's client dies or unregisters), and every view a subscriber's
 * observer is handed. It then answers two questions:
 * <ul>
 *   <li>{@link #incompletePushes()}: during the faults, was any subscriber handed a view lacking a
 *       publisher that it had already seen and whose client was still alive? That is the
 *       invariant "no subscriber ever sees a live publisher vanish". A publisher not yet seen by
 *       a subscriber is not counted as missing: it may simply still be on its way.
 *   <li>{@link #awaitConverged(Duration)}: once the faults stop, does every subscriber's latest
 *       view of every dataId equal exactly the live publishers of that dataId?
 * </ul>
 * Values identify publishers, so each published value must be unique. Thread-safe: observers
 * call it from the client's threads (one monitor; tests are not hot paths).
 */
public final class ConvergenceChecker {

  private final Map<String, Set<String>> live = new HashMap<>();
  private final Map<String, Map<String, List<String>>> latest = new HashMap<>();
  private final Map<String, Map<String, Set<String>>> seen = new HashMap<>();
  private final Map<String, Set<String>> subscriptions = new HashMap<>();
  private final List<String> incomplete = new ArrayList<>();
  private long views;

  /** The value is published (or about to be) under {@code dataId}, by a client that stays alive. */
  public synchronized void published(String dataId, String value) {
    live.computeIfAbsent(dataId, d -> new HashSet<>()).add(value);
  }

  /** Call before the value's client dies, is frozen, or unregisters it: it may vanish from now on. */
  public synchronized void retired(String dataId, String value) {
    Set<String> values = live.get(dataId);
    if (values != null) {
      values.remove(value);
    }
  }

  /** {@code subscriber} (any unique name) subscribes to {@code dataId}. */
  public synchronized void subscribed(String subscriber, String dataId) {
    subscriptions.computeIfAbsent(subscriber, s -> new HashSet<>()).add(dataId);
  }

  /** A view handed to a subscriber's observer: every value of every zone. */
  public synchronized void pushed(String subscriber, String dataId, List<String> values) {
    views++;
    Set<String> now = new HashSet<>(values);
    Set<String> before = seen.computeIfAbsent(subscriber, s -> new HashMap<>())
        .computeIfAbsent(dataId, d -> new HashSet<>());
    Set<String> alive = live.getOrDefault(dataId, Set.of());
    for (String value : before) {
      if (alive.contains(value) && !now.contains(value)) {
        incomplete.add(LocalTime.now() + " " + subscriber + " got " + dataId + " without live "
            + value + " (view " + views + ": " + new TreeSet<>(now) + ")");
      }
    }
    before.addAll(now);
    before.retainAll(alive); // a retired value may come back only as a new publisher
    latest.computeIfAbsent(subscriber, s -> new HashMap<>()).put(dataId, List.copyOf(values));
  }

  /** Every view so far that lacked a live publisher its subscriber had already seen. */
  public synchronized List<String> incompletePushes() {
    return List.copyOf(incomplete);
  }

  public synchronized long viewCount() {
    return views;
  }

  /** The differences between the latest views and the live publishers; empty when converged. */
  public synchronized List<String> divergences() {
    List<String> out = new ArrayList<>();
    subscriptions.forEach((subscriber, dataIds) -> {
      for (String dataId : dataIds) {
        Set<String> expected = live.getOrDefault(dataId, Set.of());
        List<String> view = latest.getOrDefault(subscriber, Map.of()).get(dataId);
        if (view == null) {
          out.add(subscriber + " has no view of " + dataId);
        } else if (view.size() != expected.size() || !new HashSet<>(view).equals(expected)) {
          Set<String> missing = new TreeSet<>(expected);
          missing.removeAll(view);
          Set<String> extra = new TreeSet<>(view);
          extra.removeAll(expected);
          out.add(subscriber + " " + dataId + ": missing " + missing + ", extra " + extra
              + (view.size() != new HashSet<>(view).size() ? ", duplicates" : ""));
        }
      }
    });
    return out;
  }

  /** Waits until {@link #divergences()} is empty; fails with the differences left. */
  public void awaitConverged(Duration timeout) {
    try {
      Await.until("every subscriber's view equals the live publishers", timeout, () -> divergences().isEmpty());
    } catch (Await.Timeout e) {
      List<String> left = divergences();
      throw new AssertionError(e.getMessage() + "; " + left.size() + " differences, first: "
          + left.subList(0, Math.min(10, left.size())), e);
    }
  }
}
