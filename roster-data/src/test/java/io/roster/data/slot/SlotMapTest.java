package io.roster.data.slot;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.data.store.Change;
import io.roster.model.ManualTicker;
import io.roster.model.SlotTable;
import io.roster.model.Slots;
import io.roster.protocol.Status;
import io.roster.protocol.data.PayloadCodec;
import io.roster.protocol.data.PublisherWrite;
import io.roster.protocol.data.PublisherWrite.Kind;
import io.roster.protocol.data.SlotSync;
import io.roster.protocol.data.WriteBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Slot roles, per-slot fencing and takeover syncs, driven without a network. */
class SlotMapTest {

  private static final String SELF = "10.0.0.1:9620";
  private static final String OTHER = "10.0.0.2:9620";
  private static final String SESSION_A = "10.0.1.1:9600";
  private static final String SESSION_B = "10.0.1.2:9600";
  private static final int SLOTS = 4;

  private final ManualTicker ticker = new ManualTicker(1_700_000_000_000L);
  private final SlotMap map = new SlotMap(SELF, ticker, Duration.ofMinutes(1).toNanos(),
      Duration.ofSeconds(5).toNanos(), Duration.ofSeconds(30).toNanos());
  private final String id = dataInfoIdInSlot(0);
  private final String idInSlot1 = dataInfoIdInSlot(1);

  @Test
  void aNewLeaderAnswersNotReadyUntilEveryLiveSessionHasSynced() {
    map.adopt(table(10, SELF, 10));
    assertThat(map.slot(0).role()).isEqualTo(SlotRole.SYNCING);
    assertThat(map.checkRead(0, 10)).isEqualTo(Status.NOT_READY);
    assertThat(map.checkWrite(0, 10, owner(SESSION_A))).isEqualTo(Status.NOT_READY);

    assertThat(map.applySync(sync(SESSION_A, 0, 10, 0, true, put("r1", "c1", 1)), owner(SESSION_A))).isEmpty();
    assertThat(map.checkWrite(0, 10, owner(SESSION_A))).isEqualTo(Status.OK);
    assertThat(map.checkWrite(0, 10, owner(SESSION_B))).isEqualTo(Status.NOT_READY);
    assertThat(finish(Set.of(owner(SESSION_A), owner(SESSION_B)))).isEmpty();
    assertThat(map.checkRead(0, 10)).isEqualTo(Status.NOT_READY);

    map.applySync(sync(SESSION_B, 0, 10, 0, true, put("r2", "c2", 1)), owner(SESSION_B));
    List<Change> announced = finish(Set.of(owner(SESSION_A), owner(SESSION_B)));

    assertThat(map.checkRead(0, 10)).isEqualTo(Status.OK);
    assertThat(announced).extracting(Change::dataInfoId).contains(id);
    assertThat(map.slot(0).store().read(id).publishers()).hasSize(2);
  }

  @Test
  void aPromotedFollowerDropsPublishersThatNoLiveSessionClaims() {
    // This node leads at epoch 10 and holds a publisher of session A and one of session B.
    map.adopt(table(10, SELF, 10));
    map.applySync(sync(SESSION_A, 0, 10, 0, true, put("alive", "c1", 1)), owner(SESSION_A));
    map.applySync(sync(SESSION_B, 0, 10, 0, true, put("ghost", "c2", 1)), owner(SESSION_B));
    finish(Set.of(owner(SESSION_A), owner(SESSION_B)));
    // It loses the lead, stays a follower with both, and meanwhile session B's client dies.
    map.adopt(table(20, OTHER, 20));
    assertThat(map.slot(0).role()).isEqualTo(SlotRole.FOLLOWER);
    assertThat(map.slot(0).store().publisherCount()).isEqualTo(2);

    map.adopt(table(30, SELF, 30));
    map.applySync(sync(SESSION_A, 0, 30, 0, true, put("alive", "c1", 1)), owner(SESSION_A));
    map.applySync(sync(SESSION_B, 0, 30, 0, true), owner(SESSION_B));
    finish(Set.of(owner(SESSION_A), owner(SESSION_B)));

    assertThat(map.slot(0).store().read(id).publishers()).hasSize(1);
    assertThat(map.slot(0).store().owningSessions()).containsExactly(owner(SESSION_A));
  }

  @Test
  void aSessionThatMissesTheDeadlineIsTreatedAsHavingNoPublishersThere() {
    map.adopt(table(10, SELF, 10));
    map.applySync(sync(SESSION_A, 0, 10, 0, true, put("r1", "c1", 1)), owner(SESSION_A));
    List<String> late = new ArrayList<>();
    map.finishTakeovers(Set.of(owner(SESSION_A), owner(SESSION_B)), (s, t) -> { }, late::add);
    assertThat(late).isEmpty();

    ticker.advance(Duration.ofSeconds(6));
    map.finishTakeovers(Set.of(owner(SESSION_A), owner(SESSION_B)), (s, t) -> { }, late::add);

    assertThat(late).contains(owner(SESSION_B));
    assertThat(map.checkRead(0, 10)).isEqualTo(Status.OK);
  }

  @Test
  void theNewLeadersVersionsStayAboveEveryVersionASessionReported() {
    map.adopt(table(10, SELF, 10));
    long seen = (ticker.currentTimeMillis() + 60_000) << 16; // a version from a clock ahead of ours
    map.applySync(new SlotSync(0, 10, 0, true, batch(SESSION_A, 10, put("r1", "c1", 1)),
        List.of(id, idInSlot0Empty()), List.of(seen, seen)), owner(SESSION_A));
    finish(Set.of(owner(SESSION_A)));

    assertThat(map.slot(0).store().read(id).version()).isGreaterThan(seen);
    assertThat(map.slot(0).store().read(idInSlot0Empty()).version()).isGreaterThan(seen);
    assertThat(map.slot(0).store().read(idInSlot0Empty()).publishers()).isEmpty();
  }

  /** What a session sends when the leader offered a version below one it holds (PushEngine). */
  @Test
  void aResyncWhileLeadingRaisesVersionsAboveTheOnesTheSessionHolds() {
    map.adopt(table(10, SELF, 10));
    map.applySync(sync(SESSION_A, 0, 10, 0, true, put("r1", "c1", 1)), owner(SESSION_A));
    finish(Set.of(owner(SESSION_A)));
    long held = map.slot(0).store().read(id).version() + 5; // pushed by the previous leader

    List<Change> changes = map.applySync(new SlotSync(0, 10, 0, true, batch(SESSION_A, 10, put("r1", "c1", 1)),
        List.of(id), List.of(held)), owner(SESSION_A));

    assertThat(map.slot(0).store().read(id).version()).isGreaterThan(held);
    assertThat(changes).extracting(Change::dataInfoId).containsExactly(id);
  }

  @Test
  void aLaterSyncWhileLeadingRepairsAndDeletesWhatTheSessionNoLongerHas() {
    map.adopt(table(10, SELF, 10));
    map.applySync(sync(SESSION_A, 0, 10, 0, true, put("r1", "c1", 1), put("r2", "c1", 1)), owner(SESSION_A));
    finish(Set.of(owner(SESSION_A)));

    List<Change> repaired = map.applySync(sync(SESSION_A, 0, 10, 0, true, put("r1", "c1", 1)), owner(SESSION_A));

    assertThat(repaired).extracting(Change::dataInfoId).containsExactly(id);
    assertThat(map.slot(0).store().read(id).publishers()).hasSize(1);
  }

  @Test
  void aRestartedSessionsSyncKeepsItsOldIncarnationsPublishersUntilTheirGraceEnds() {
    map.adopt(table(10, SELF, 10));
    map.applySync(sync(SESSION_A, 0, 10, 0, true, put("old-client", "c1", 1)), owner(SESSION_A));
    finish(Set.of(owner(SESSION_A)));
    map.keepDeparting(owner(SESSION_A), Duration.ofSeconds(10).toNanos());

    // The new incarnation (2) syncs before the old client has re-registered through it.
    SlotSync restarted = new SlotSync(0, 10, 0, true,
        new WriteBatch(SESSION_A, 2, Map.of(0, 10L), List.of(put("new-client", "c2", 1))), List.of(), List.of());
    map.applySync(restarted, SESSION_A + "#2");

    assertThat(map.slot(0).store().read(id).publishers()).hasSize(2);
    ticker.advance(Duration.ofSeconds(10).minusMillis(1));
    assertThat(map.departedOwners()).isEmpty();
    ticker.advance(Duration.ofMillis(1));
    assertThat(map.departedOwners()).containsExactly(owner(SESSION_A));
    // The grace's end drops what the old incarnation still owns (DataService does this).
    map.slot(0).dropSession(SESSION_A, 1);
    assertThat(map.slot(0).store().read(id).publishers()).hasSize(1);
  }

  @Test
  void aSessionListedAgainAfterItsPublishersWereDroppedOwesEverySlotItsFullSetAgain() {
    map.adopt(table(10, SELF, 10));
    map.applySync(sync(SESSION_A, 0, 10, 0, true, put("r1", "c1", 1)), owner(SESSION_A));
    for (int slot = 1; slot < SLOTS; slot++) {
      map.applySync(sync(SESSION_A, slot, 10, 0, true), owner(SESSION_A));
    }
    finish(Set.of(owner(SESSION_A)));
    assertThat(map.owedBy(owner(SESSION_A))).isEmpty();
    // Meta evicted it (a lease flap): DataService dropped what it owned here.
    map.slot(0).dropSession(SESSION_A, 1);
    assertThat(map.slot(0).store().read(id).publishers()).isEmpty();

    map.relisted(owner(SESSION_A));

    assertThat(map.owedBy(owner(SESSION_A))).extracting(DataSlot::id).containsExactly(0, 1, 2, 3);
    map.applySync(sync(SESSION_A, 0, 10, 0, true, put("r1", "c1", 1)), owner(SESSION_A));
    assertThat(map.slot(0).store().read(id).publishers()).hasSize(1);
    assertThat(map.owedBy(owner(SESSION_A))).extracting(DataSlot::id).containsExactly(1, 2, 3);
  }

  @Test
  void aSessionListedAgainWithinItsRestartGraceKeepsItsPublishers() {
    map.adopt(table(10, SELF, 10));
    map.applySync(sync(SESSION_A, 0, 10, 0, true, put("r1", "c1", 1)), owner(SESSION_A));
    finish(Set.of(owner(SESSION_A)));
    // Meta listed another incarnation at its address for a moment (a forged heartbeat).
    map.keepDeparting(owner(SESSION_A), Duration.ofSeconds(10).toNanos());

    map.relisted(owner(SESSION_A));

    ticker.advance(Duration.ofSeconds(11));
    assertThat(map.departedOwners()).as("no grace left to end in a drop").isEmpty();
    assertThat(map.owedBy(owner(SESSION_A))).extracting(DataSlot::id).contains(0);
  }

  @Test
  void aSyncUnderWayWhenTheSessionIsListedAgainMustStartAgain() {
    map.adopt(table(10, SELF, 10));
    finish(Set.of());
    map.applySync(sync(SESSION_A, 0, 10, 0, false, put("r1", "c1", 1)), owner(SESSION_A));

    map.relisted(owner(SESSION_A));

    assertThat(map.applySync(sync(SESSION_A, 0, 10, 1, true, put("r2", "c1", 1)), owner(SESSION_A)))
        .as("part 1 of a series begun before; it may predate a drop").isNull();
    assertThat(map.owedBy(owner(SESSION_A))).extracting(DataSlot::id).contains(0);
  }

  @Test
  void aNewIncarnationsSyncNeverDeletesAnOlderIncarnationsPublishers() {
    // The restarted session syncs before this node's heartbeat reply said it restarted, so no
    // grace is known yet: its sync speaks for incarnation 2 only, and the lease rules alone end 1.
    map.adopt(table(10, SELF, 10));
    map.applySync(sync(SESSION_A, 0, 10, 0, true, put("old-client", "c1", 1)), owner(SESSION_A));
    finish(Set.of(owner(SESSION_A)));

    SlotSync restarted = new SlotSync(0, 10, 0, true,
        new WriteBatch(SESSION_A, 2, Map.of(0, 10L), List.of(put("new-client", "c2", 1))), List.of(), List.of());
    map.applySync(restarted, SESSION_A + "#2");
    assertThat(map.slot(0).store().read(id).publishers()).hasSize(2);

    SlotSync emptied = new SlotSync(0, 10, 0, true,
        new WriteBatch(SESSION_A, 2, Map.of(0, 10L), List.of()), List.of(), List.of());
    map.applySync(emptied, SESSION_A + "#2");
    assertThat(map.slot(0).store().read(id).publishers()).as("its own unclaimed one is gone").hasSize(1);
    assertThat(map.slot(0).store().owningSessions()).containsExactly(owner(SESSION_A));
  }

  @Test
  void aPartOutOfOrderIsRefusedSoTheSessionStartsAgain() {
    map.adopt(table(10, SELF, 10));
    assertThat(map.applySync(sync(SESSION_A, 0, 10, 1, true, put("r1", "c1", 1)), owner(SESSION_A))).isNull();
    assertThat(map.applySync(sync(SESSION_A, 0, 10, 0, false, put("r1", "c1", 1)), owner(SESSION_A))).isNotNull();
    assertThat(map.applySync(sync(SESSION_A, 0, 10, 2, true), owner(SESSION_A))).isNull();
  }

  @Test
  void fencingIsPerSlot() {
    map.adopt(table(10, SELF, 10));
    map.applySync(sync(SESSION_A, 0, 10, 0, true), owner(SESSION_A));
    map.applySync(sync(SESSION_A, 1, 10, 0, true), owner(SESSION_A));
    finish(Set.of(owner(SESSION_A)));
    // A new table moves slot 1 away; slot 0 keeps its leader epoch and its writes.
    List<SlotTable.Slot> slots = new ArrayList<>(table(10, SELF, 10).slots());
    slots.set(1, new SlotTable.Slot(1, OTHER, List.of(SELF), 11));
    map.adopt(new SlotTable(11, slots));

    assertThat(map.checkWrite(0, 10, owner(SESSION_A))).isEqualTo(Status.OK);
    assertThat(map.checkWrite(0, 9, owner(SESSION_A))).isEqualTo(Status.EPOCH_MISMATCH);
    assertThat(map.checkWrite(1, 10, owner(SESSION_A))).isEqualTo(Status.NOT_LEADER);
    assertThat(map.slot(1).role()).isEqualTo(SlotRole.FOLLOWER);
  }

  @Test
  void aSlotNoLongerHeldHereDropsItsDatums() {
    map.adopt(table(10, SELF, 10));
    map.applySync(sync(SESSION_A, 0, 10, 0, true, put("r1", "c1", 1)), owner(SESSION_A));
    finish(Set.of(owner(SESSION_A)));
    List<SlotTable.Slot> slots = new ArrayList<>();
    for (int i = 0; i < SLOTS; i++) {
      slots.add(new SlotTable.Slot(i, OTHER, List.of(), 12));
    }
    map.adopt(new SlotTable(12, slots));

    assertThat(map.slot(0).role()).isEqualTo(SlotRole.NONE);
    assertThat(map.slot(0).store()).isNull();
    assertThat(map.publisherCount()).isZero();
  }

  private List<Change> finish(Set<String> live) {
    return map.finishTakeovers(live, (s, t) -> { }, s -> { });
  }

  /** Every slot led by {@code leader} at {@code leaderEpoch}, the other node following. */
  private static SlotTable table(long epoch, String leader, long leaderEpoch) {
    List<SlotTable.Slot> slots = new ArrayList<>();
    String follower = leader.equals(SELF) ? OTHER : SELF;
    for (int i = 0; i < SLOTS; i++) {
      slots.add(new SlotTable.Slot(i, leader, List.of(follower), leaderEpoch));
    }
    return new SlotTable(epoch, slots);
  }

  private SlotSync sync(String session, int slot, long epoch, int part, boolean last, PublisherWrite... puts) {
    return new SlotSync(slot, epoch, part, last, batch(session, epoch, puts), List.of(), List.of());
  }

  private static WriteBatch batch(String session, long epoch, PublisherWrite... puts) {
    return new WriteBatch(session, 1, Map.of(0, epoch), List.of(puts));
  }

  private PublisherWrite put(String registId, String conn, long version) {
    return new PublisherWrite(Kind.PUT, id, registId, conn, version, 0, "ZONE", "app",
        PayloadCodec.encode(List.of(registId)));
  }

  private static String owner(String session) {
    return session + "#1";
  }

  private String idInSlot0Empty() {
    return dataInfoIdInSlot(0, 1);
  }

  private static String dataInfoIdInSlot(int slot) {
    return dataInfoIdInSlot(slot, 0);
  }

  /** The {@code skip}-th dataInfoId of the form svcN that falls in {@code slot}. */
  private static String dataInfoIdInSlot(int slot, int skip) {
    for (int n = 0; ; n++) {
      String candidate = "svc" + n + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
      if (Slots.slotOf(candidate, SLOTS) == slot && skip-- == 0) {
        return candidate;
      }
    }
  }
}
