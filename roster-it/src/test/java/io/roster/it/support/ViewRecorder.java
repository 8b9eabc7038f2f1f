package io.roster.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import org.awaitility.Awaitility;

import com.alipay.sofa.registry.client.api.SubscriberDataObserver;
import com.alipay.sofa.registry.client.api.model.UserData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * An observer that copies every view the official client hands it. The client calls observers
 * even for pushes it discards (and after a SyncConfig), so tests must look at the content of the
 * view, never at the fact that a callback happened; this class keeps the content.
 */
public final class ViewRecorder implements SubscriberDataObserver {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private final List<View> history = new CopyOnWriteArrayList<>();
  private final AtomicLong seq = new AtomicLong();

  @Override
  public void handleData(String dataId, UserData data) {
    history.add(View.of(seq.incrementAndGet(), dataId, data));
  }

  /** The most recent view, empty if the observer was never called (no push arrived yet). */
  public Optional<View> latest() {
    int n = history.size();
    return n == 0 ? Optional.empty() : Optional.of(history.get(n - 1));
  }

  public List<View> history() {
    return List.copyOf(history);
  }

  /** The first view that arrived; empty if none yet. */
  public Optional<View> first() {
    return history.isEmpty() ? Optional.empty() : Optional.of(history.get(0));
  }

  /** Waits until the latest view satisfies {@code condition}; returns that view. */
  public View await(String what, Predicate<View> condition) {
    return await(what, condition, DEFAULT_TIMEOUT);
  }

  public View await(String what, Predicate<View> condition, Duration timeout) {
    View[] hit = new View[1];
    Awaitility.await(what)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(5))
        .untilAsserted(() -> {
          Optional<View> v = latest();
          assertThat(v.isPresent() && condition.test(v.get()))
              .as("%s; latest views: %s", what, describeTail())
              .isTrue();
          hit[0] = v.get();
        });
    return hit[0];
  }

  /** Waits for the first view, after {@code afterSeq}, that satisfies {@code condition}. */
  public View awaitAny(String what, long afterSeq, Predicate<View> condition, Duration timeout) {
    View[] hit = new View[1];
    Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(2)).until(() -> {
      for (View v : history) {
        if (v.seq() > afterSeq && condition.test(v)) {
          hit[0] = v;
          return true;
        }
      }
      return false;
    });
    return hit[0];
  }

  public long lastSeq() {
    return latest().map(View::seq).orElse(0L);
  }

  private String describeTail() {
    List<View> h = history();
    return h.isEmpty() ? "none" : h.subList(Math.max(0, h.size() - 3), h.size()).toString();
  }

  /** One view as the subscriber's observer saw it. */
  public record View(long seq, long nanoTime, String dataId, Map<String, List<String>> zoneData,
      String localZone) {

    static View of(long seq, String dataId, UserData data) {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      if (data != null && data.getZoneData() != null) {
        data.getZoneData().forEach((zone, values) ->
            copy.put(zone, values == null ? List.of() : List.copyOf(values)));
      }
      return new View(seq, System.nanoTime(), dataId, Collections.unmodifiableMap(copy),
          data == null ? null : data.getLocalZone());
    }

    /** Every value across zones, sorted. */
    public List<String> values() {
      return values(zoneData);
    }

    public List<String> zone(String zone) {
      List<String> v = zoneData.get(zone);
      return v == null ? List.of() : sorted(v);
    }

    /** True when no zone holds a value (an empty push, or all zones empty). */
    public boolean isEmpty() {
      return values().isEmpty();
    }

    public boolean hasExactly(String... expected) {
      return values().equals(sorted(List.of(expected)));
    }

    public static List<String> values(Map<String, List<String>> zoneData) {
      List<String> all = new ArrayList<>();
      if (zoneData != null) {
        zoneData.values().forEach(v -> {
          if (v != null) {
            all.addAll(v);
          }
        });
      }
      Collections.sort(all);
      return all;
    }

    static List<String> sorted(List<String> in) {
      List<String> out = new ArrayList<>(in);
      Collections.sort(out);
      return out;
    }

    @Override
    public String toString() {
      return "#" + seq + zoneData;
    }
  }
}
