package io.roster.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alipay.sofa.registry.client.api.Subscriber;
import com.alipay.sofa.registry.client.api.model.UserData;
import com.alipay.sofa.registry.client.provider.DefaultSubscriber;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An official-client subscriber plus the recorder of what its observer saw. Assertions check
 * both the observer's latest view and {@link Subscriber#peekData()}, which additionally applies
 * the client's availableSegments filter.
 */
public final class Sub {

  private final Subscriber subscriber;
  private final ViewRecorder recorder;

  Sub(Subscriber subscriber, ViewRecorder recorder) {
    this.subscriber = subscriber;
    this.recorder = recorder;
  }

  public Subscriber subscriber() {
    return subscriber;
  }

  public ViewRecorder recorder() {
    return recorder;
  }

  public String dataId() {
    return subscriber.getDataId();
  }

  /** Values of {@code peekData()}, all zones, sorted. */
  public List<String> peekValues() {
    return ViewRecorder.View.values(peekZones());
  }

  public Map<String, List<String>> peekZones() {
    UserData data = subscriber.peekData();
    return data == null ? Map.of() : data.getZoneData();
  }

  /** availableSegments the client applied to this subscriber at its last SyncConfig. */
  public List<String> availableSegments() {
    return subscriber instanceof DefaultSubscriber d ? d.getAvailableSegments() : null;
  }

  /** Waits until both the observer's latest view and peekData hold exactly these values. */
  public void awaitValues(String... expected) {
    awaitValues(ViewRecorder.DEFAULT_TIMEOUT, expected);
  }

  public void awaitValues(Duration timeout, String... expected) {
    List<String> want = ViewRecorder.View.sorted(List.of(expected));
    await("subscriber " + dataId() + " to hold exactly " + want)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(5))
        .untilAsserted(() -> {
          assertThat(recorder.latest())
              .as("a push arrived for %s", dataId())
              .isPresent();
          assertThat(recorder.latest().get().values())
              .as("observer's latest view of %s (history %s)", dataId(), recorder.history())
              .isEqualTo(want);
          assertThat(peekValues()).as("peekData() of %s", dataId()).isEqualTo(want);
        });
  }

  /** Waits until a push arrived and the view holds no value at all. */
  public void awaitEmpty() {
    awaitValues();
  }

  /** The view is exactly this right now (observer and peekData). */
  public void assertValues(String... expected) {
    List<String> want = ViewRecorder.View.sorted(List.of(expected));
    assertThat(recorder.latest()).as("a push arrived for %s", dataId()).isPresent();
    assertThat(recorder.latest().get().values()).as("observer view of %s", dataId())
        .isEqualTo(want);
    assertThat(peekValues()).as("peekData() of %s", dataId()).isEqualTo(want);
  }

  @Override
  public String toString() {
    return "Sub{" + dataId() + ", registId=" + subscriber.getRegistId() + "}";
  }
}
