package io.roster.data.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.model.DatumVersions;
import io.roster.model.ManualTicker;
import io.roster.protocol.data.DatumReply;
import io.roster.protocol.data.OwnerDigests;
import io.roster.protocol.data.PayloadCodec;
import io.roster.protocol.data.PublisherWrite;
import io.roster.protocol.data.PublisherWrite.Kind;
import io.roster.protocol.data.WriteBatch;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatumStoreTest {

  private static final String ID = "svc#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
  private final ManualTicker ticker = new ManualTicker(1_700_000_000_000L);
  private final DatumStore store = new DatumStore(ticker, Duration.ofMinutes(1).toNanos());

  private List<Change> apply(String session, long incarnation, PublisherWrite... writes) {
    return store.apply(session, incarnation, List.of(writes));
  }

  private static PublisherWrite put(String registId, String conn, long version, long at, String value) {
    return new PublisherWrite(Kind.PUT, ID, registId, conn, version, at, "ZONE", "app", PayloadCodec.encode(List.of(value)));
  }

  private static PublisherWrite write(Kind kind, String registId, String conn, long version) {
    return new PublisherWrite(kind, ID, registId, conn, version, 0, null, null, PayloadCodec.EMPTY);
  }

  private List<String> values() {
    return store.read(ID).publishers().stream().flatMap(p -> p.payload().stream()).toList();
  }

  @Test
  void neverPublishedDatumAnswersTheConstantVersionAndNoPublishers() {
    DatumReply reply = store.read(ID);
    assertThat(reply.version()).isEqualTo(DatumVersions.NEVER_PUBLISHED);
    assertThat(reply.publishers()).isEmpty();
  }

  @Test
  void putBumpsVersionAndRepublishReplacesTheValue() {
    List<Change> first = apply("s1", 1, put("r1", "c1", 1, 10, "a"));
    List<Change> second = apply("s1", 1, put("r1", "c1", 2, 11, "b"));
    assertThat(second.get(0).version()).isGreaterThan(first.get(0).version());
    assertThat(values()).containsExactly("b");
    assertThat(store.publisherCount()).isEqualTo(1);
  }

  @Test
  void olderVersionIsIgnoredAndDuplicateDoesNotBumpTheVersion() {
    apply("s1", 1, put("r1", "c1", 2, 10, "new"));
    long version = store.read(ID).version();
    assertThat(apply("s1", 1, put("r1", "c1", 1, 11, "old"))).isEmpty();
    assertThat(apply("s1", 1, put("r1", "c1", 2, 12, "new"))).isEmpty();
    assertThat(values()).containsExactly("new");
    assertThat(store.read(ID).version()).isEqualTo(version);
  }

  @Test
  void unregisterLeavesTombstoneThatStopsALateRegister() {
    apply("s1", 1, put("r1", "c1", 2, 10, "v2"));
    apply("s1", 1, write(Kind.UNREGISTER, "r1", "c1", 3));
    assertThat(values()).isEmpty();
    assertThat(apply("s1", 1, put("r1", "c1", 2, 20, "v2"))).isEmpty();
    assertThat(values()).isEmpty();
  }

  @Test
  void tombstoneExpiresAfterTtl() {
    apply("s1", 1, write(Kind.UNREGISTER, "r1", "c1", 3));
    ticker.advance(Duration.ofMinutes(2));
    store.expireTombstones();
    apply("s1", 1, put("r1", "c1", 3, 20, "back"));
    assertThat(values()).containsExactly("back");
  }

  @Test
  void lateClientOffOfOldConnectionDoesNotDeleteTheReRegistration() {
    apply("s1", 1, put("r1", "c1", 5, 10, "v"));
    // The client reconnected to another session with the same registId and version.
    apply("s2", 7, put("r1", "c9", 5, 20, "v"));
    apply("s1", 1, write(Kind.CLIENT_OFF, "r1", "c1", 5));
    assertThat(values()).containsExactly("v");
    apply("s2", 7, write(Kind.CLIENT_OFF, "r1", "c9", 5));
    assertThat(values()).isEmpty();
  }

  @Test
  void emptiedDatumKeepsGrowingItsVersion() {
    long published = apply("s1", 1, put("r1", "c1", 1, 10, "v")).get(0).version();
    long emptied = apply("s1", 1, write(Kind.CLIENT_OFF, "r1", "c1", 1)).get(0).version();
    assertThat(emptied).isGreaterThan(published);
    assertThat(store.read(ID).version()).isEqualTo(emptied);
  }

  @Test
  void versionGrowsEvenWhenTheClockStepsBack() {
    long first = apply("s1", 1, put("r1", "c1", 1, 10, "a")).get(0).version();
    ticker.advance(Duration.ofMillis(-5000));
    long second = apply("s1", 1, put("r2", "c1", 1, 10, "b")).get(0).version();
    assertThat(second).isGreaterThan(first);
  }

  @Test
  void droppingASessionRemovesOnlyWhatThatIncarnationOwns() {
    apply("s1", 1, put("r1", "c1", 1, 10, "mine"));
    apply("s1", 2, put("r2", "c2", 1, 10, "newer incarnation"));
    apply("s2", 1, put("r3", "c3", 1, 10, "other session"));
    assertThat(store.dropSession("s1", 1)).hasSize(1);
    assertThat(values()).containsExactlyInAnyOrder("newer incarnation", "other session");
    assertThat(store.publisherCount()).isEqualTo(2);
    assertThat(store.owningSessions()).containsExactlyInAnyOrder("s1#2", "s2#1");
  }

  @Test
  void owningSessionsFollowsTakeoversAndRemovals() {
    apply("s1", 1, put("r1", "c1", 1, 10, "v"));
    assertThat(store.owningSessions()).containsExactly("s1#1");
    apply("s2", 1, put("r1", "c2", 1, 20, "v"));
    assertThat(store.owningSessions()).containsExactly("s2#1");
    apply("s2", 1, write(Kind.CLIENT_OFF, "r1", "c2", 1));
    assertThat(store.owningSessions()).isEmpty();
  }

  @Test
  void readIfSmallWithholdsDatumsOverTheLimit() {
    apply("s1", 1, put("r1", "c1", 1, 10, "x".repeat(1000)));
    assertThat(store.readIfSmall(ID, 2000)).isNotNull();
    apply("s1", 1, put("r2", "c1", 1, 10, "y".repeat(1500)));
    assertThat(store.readIfSmall(ID, 2000)).isNull();
    apply("s1", 1, write(Kind.UNREGISTER, "r2", "c1", 2));
    assertThat(store.readIfSmall(ID, 2000)).isNotNull();
    assertThat(store.readIfSmall("never-published", 2000)).isNull();
  }

  @Test
  void ownerDigestsCountAndHashWhatEachSessionIncarnationOwns() {
    apply("s1", 1, put("r1", "c1", 1, 10, "a"), put("r2", "c2", 3, 20, "b"));
    apply("s1", 2, put("r3", "c3", 1, 30, "c"));
    apply("s1", 1, write(Kind.UNREGISTER, "r2", "c2", 4));

    var digests = store.ownerDigests();
    // The same four fields the session hashes from what it accepted, in any order.
    assertThat(digests.get("s1#1")).containsExactly(1, OwnerDigests.hashOf("r1", "c1", 1, 10));
    assertThat(digests.get("s1#2")).containsExactly(1, OwnerDigests.hashOf("r3", "c3", 1, 30));
    apply("s1", 2, put("r4", "c3", 1, 40, "d"));
    assertThat(store.ownerDigests().get("s1#2")).containsExactly(2,
        OwnerDigests.hashOf("r4", "c3", 1, 40) + OwnerDigests.hashOf("r3", "c3", 1, 30));
  }
}
