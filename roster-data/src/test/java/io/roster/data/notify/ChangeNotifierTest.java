package io.roster.data.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.data.store.Change;
import io.roster.protocol.data.DatumChanged;
import io.roster.protocol.data.DatumReply;
import io.roster.protocol.data.PayloadCodec;
import io.roster.protocol.data.SessionHello;
import io.roster.remoting.testing.FakePeer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChangeNotifierTest {

  private final ChangeNotifier notifier = new ChangeNotifier();
  private final FakePeer session = new FakePeer("s1");
  private final AtomicInteger reads = new AtomicInteger();

  private DatumReply read(String id) {
    reads.incrementAndGet();
    return new DatumReply.Builder(id, 7, 1).add("Z", PayloadCodec.encode(List.of("v-" + id))).build();
  }

  private DatumChanged publish(String... ids) {
    List<Change> changes = new ArrayList<>();
    for (String id : ids) {
      changes.add(new Change(id, 7));
    }
    notifier.publish(changes, this::read);
    return (DatumChanged) session.sent.get(session.sent.size() - 1);
  }

  @Test
  void unwatchedChangesAreAnnouncedWithoutTheDatum() {
    notifier.hello(session, new SessionHello("s1:1", 1));
    DatumChanged notice = publish("a", "b");
    assertThat(notice.dataInfoIds()).containsExactly("a", "b");
    assertThat(notice.datums()).isEmpty();
    assertThat(reads).hasValue(0);
  }

  @Test
  void watchedChangesCarryTheDatumUntilUnwatched() {
    notifier.hello(session, new SessionHello("s1:1", 1));
    notifier.watch(session, "a");
    DatumChanged notice = publish("a", "b");
    assertThat(notice.dataInfoIds()).containsExactly("a", "b");
    assertThat(notice.datums()).extracting(DatumReply::dataInfoId).containsExactly("a");
    assertThat(notice.datums().get(0).publishers().get(0).payload()).containsExactly("v-a");

    notifier.unwatch(session, List.of("a"));
    assertThat(publish("a").datums()).isEmpty();
  }

  @Test
  void aDatumIsReadOnceHoweverManySessionsWatchIt() {
    FakePeer other = new FakePeer("s2");
    notifier.hello(session, new SessionHello("s1:1", 1));
    notifier.hello(other, new SessionHello("s2:1", 1));
    notifier.watch(session, "a");
    notifier.watch(other, "a");
    publish("a");
    assertThat(reads).hasValue(1);
    assertThat(((DatumChanged) other.sent.get(0)).datums()).hasSize(1);
  }

  @Test
  void datumsOverTheLimitAreOnlyAnnounced() {
    notifier.hello(session, new SessionHello("s1:1", 1));
    notifier.watch(session, "big");
    byte[] big = PayloadCodec.encode(List.of("x".repeat(ChangeNotifier.INLINE_LIMIT_BYTES)));
    notifier.publish(List.of(new Change("big", 9)), id -> new DatumReply.Builder(id, 9, 1).add("Z", big).build());
    DatumChanged notice = (DatumChanged) session.sent.get(0);
    assertThat(notice.dataInfoIds()).containsExactly("big");
    assertThat(notice.datums()).isEmpty();
  }

  @Test
  void aDatumTheReaderWithholdsIsOnlyAnnounced() {
    notifier.hello(session, new SessionHello("s1:1", 1));
    notifier.watch(session, "a");
    notifier.publish(List.of(new Change("a", 9)), id -> null);
    DatumChanged notice = (DatumChanged) session.sent.get(0);
    assertThat(notice.dataInfoIds()).containsExactly("a");
    assertThat(notice.datums()).isEmpty();
  }

  @Test
  void oneNoticeCarriesAtMostItsBudget() {
    notifier.hello(session, new SessionHello("s1:1", 1));
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      notifier.watch(session, "d" + i);
      changes.add(new Change("d" + i, 9));
    }
    byte[] payload = PayloadCodec.encode(List.of("x".repeat(60 * 1024)));
    notifier.publish(changes, id -> new DatumReply.Builder(id, 9, 1).add("Z", payload).build());
    DatumChanged notice = (DatumChanged) session.sent.get(0);
    assertThat(notice.dataInfoIds()).hasSize(40);
    assertThat(notice.datums()).hasSizeBetween(1, ChangeNotifier.NOTICE_BUDGET_BYTES / (60 * 1024));
  }

  @Test
  void watchesOfDatumsNoLongerLedHereAreDropped() {
    notifier.hello(session, new SessionHello("s1:1", 1));
    notifier.watch(session, "kept");
    notifier.watch(session, "moved");
    notifier.retainWatches(id -> id.equals("kept"));
    assertThat(publish("kept", "moved").datums()).extracting(DatumReply::dataInfoId).containsExactly("kept");
  }

  @Test
  void aClosedSessionForgetsItsWatches() {
    notifier.hello(session, new SessionHello("s1:1", 1));
    notifier.watch(session, "a");
    notifier.closed(session);
    notifier.hello(session, new SessionHello("s1:1", 2));
    assertThat(publish("a").datums()).isEmpty();
  }
}
