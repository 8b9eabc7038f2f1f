package io.roster.data.slot;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.model.ManualTicker;
import io.roster.model.SlotTable;
import io.roster.model.Slots;
import io.roster.protocol.Status;
import io.roster.protocol.data.DatumDelta;
import io.roster.protocol.data.PayloadCodec;
import io.roster.protocol.data.PublisherWrite;
import io.roster.protocol.data.PublisherWrite.Kind;
import io.roster.protocol.data.ReplicaAppend;
import io.roster.protocol.data.ReplicaDigest;
import io.roster.protocol.data.ReplicaDigestQuery;
import io.roster.protocol.data.ReplicaReply;
import io.roster.protocol.data.SlotSync;
import io.roster.protocol.data.WriteBatch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Replication between two slot maps, leader and follower, with messages carried as on the wire
 * (serialized, so only the packed bytes cross) by a queue the test drains, drops or reorders.
 */
class ReplicationTest {

  private static final String LEADER = "10.0.0.1:9620";
  private static final String FOLLOWER = "10.0.0.2:9620";
  private static final String SESSION = "10.0.1.1:9600";
  private static final int SLOTS = 4;
  private static final long SYNC_TIMEOUT = Duration.ofSeconds(5).toNanos();

  private final ManualTicker ticker = new ManualTicker(1_700_000_000_000L);
  private static final Duration CHECK = Duration.ofSeconds(30);
  private final SlotMap leader = new SlotMap(LEADER, ticker, Duration.ofMinutes(1).toNanos(), SYNC_TIMEOUT,
      CHECK.toNanos());
  private final SlotMap follower = new SlotMap(FOLLOWER, ticker, Duration.ofMinutes(1).toNanos(), SYNC_TIMEOUT,
      CHECK.toNanos());
  private final Deque<ReplicaSend> wire = new ArrayDeque<>();
  private final String id = dataInfoIdInSlot(0, 0);
  private final String other = dataInfoIdInSlot(0, 1);

  @Test
  void aNewFollowerCatchesUpFromADigestThenFollowsEveryStep() {
    lead(10, put(id, "r1", 1), put(id, "r2", 1), put(other, "r3", 1));
    follower.adopt(table(10, LEADER, FOLLOWER, 10));
    assertThat(follower.laggingSlots()).contains(0);

    catchUp();
    assertThat(follower.laggingSlots()).doesNotContain(0);
    assertThat(contentOf(follower)).isEqualTo(contentOf(leader));

    write(put(id, "r4", 1), unregister(id, "r1", 2));
    write(put(other, "r3", 2));
    deliverAll();
    assertThat(contentOf(follower)).isEqualTo(contentOf(leader));
    assertThat(follower.slot(0).store().read(id).publishers()).hasSize(2);
    assertThat(follower.slot(0).store().version(id)).isEqualTo(leader.slot(0).store().version(id));
    assertThat(leader.followersBehind()).isEmpty();
  }

  @Test
  void aFollowerThatMissesAStepIsCaughtUpAgainAndEndsEqual() {
    lead(10, put(id, "r1", 1));
    follower.adopt(table(10, LEADER, FOLLOWER, 10));
    catchUp();

    write(put(id, "r2", 1));
    wire.clear(); // the link dropped that step
    write(put(id, "r3", 1));
    deliverAll();
    assertThat(follower.laggingSlots()).contains(0);
    assertThat(leader.followersBehind()).containsKey(0);
    assertThat(leader.digestQueriesDue()).as("retried after a pause, not in a loop").isEmpty();

    ticker.advance(Duration.ofNanos(ReplicaStream.RETRY_NANOS));
    catchUp();
    assertThat(follower.laggingSlots()).doesNotContain(0);
    assertThat(contentOf(follower)).isEqualTo(contentOf(leader));
    assertThat(follower.slot(0).store().read(id).publishers()).hasSize(3);
  }

  @Test
  void aCatchUpRemovesWhatTheFollowerHoldsAndTheLeaderDoesNot() {
    // The follower once led the slot and still holds a publisher the new leader never had.
    follower.adopt(table(5, FOLLOWER, LEADER, 5));
    follower.applySync(sync(5, put(id, "stale", 1)), owner());
    follower.finishTakeovers(Set.of(owner()), (s, t) -> { }, s -> { });
    lead(10, put(other, "fresh", 1));
    follower.adopt(table(10, LEADER, FOLLOWER, 10));

    catchUp();
    assertThat(follower.slot(0).store().read(id).publishers()).isEmpty();
    assertThat(contentOf(follower)).isEqualTo(contentOf(leader));
  }

  @Test
  void aLargeSlotCrossesInSeveralBoundedParts() {
    List<PublisherWrite> many = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      many.add(put(id, "r" + i, 1));
    }
    lead(10, many.toArray(PublisherWrite[]::new));
    follower.adopt(table(10, LEADER, FOLLOWER, 10));

    List<ReplicaSend> queries = leader.digestQueriesDue();
    List<ReplicaSend> parts = answerDigest(queries.get(0), 64 * 1024);
    assertThat(parts).hasSizeGreaterThan(2);
    parts.forEach(p -> assertThat(((ReplicaAppend) p.message()).packedSize()).isLessThan(96 * 1024));
    wire.addAll(parts);
    deliverAll();
    assertThat(follower.slot(0).store().read(id).publishers()).hasSize(2500);
    assertThat(contentOf(follower)).isEqualTo(contentOf(leader));
  }

  @Test
  void aPeriodicComparisonRepairsAFollowerThatDivergedUnnoticed() {
    lead(10, put(id, "r1", 1), put(other, "r2", 1));
    follower.adopt(table(10, LEADER, FOLLOWER, 10));
    catchUp();
    assertThat(leader.digestQueriesDue()).as("nothing due right after a catch-up").isEmpty();
    // A change the follower holds that its leader never made: nothing in the stream shows it.
    follower.slot(0).store().applyReplica(List.of(new DatumDelta(id, 1, DatumDelta.Mode.REPLACE,
        List.of(), List.of())));
    assertThat(contentOf(follower)).isNotEqualTo(contentOf(leader));

    ticker.advance(CHECK.multipliedBy(3).dividedBy(2));
    catchUp();
    assertThat(contentOf(follower)).isEqualTo(contentOf(leader));
    assertThat(leader.slot(0).repairedDatums()).isEqualTo(1);

    ticker.advance(CHECK.multipliedBy(3).dividedBy(2));
    catchUp();
    assertThat(leader.slot(0).repairedDatums()).as("an equal replica repairs nothing").isEqualTo(1);
    write(put(id, "r3", 1));
    deliverAll();
    assertThat(contentOf(follower)).as("and it streams again").isEqualTo(contentOf(leader));
  }

  @Test
  void aStepUnderAnotherLeaderEpochIsRefusedAndChangesNothing() {
    lead(10, put(id, "r1", 1));
    follower.adopt(table(10, LEADER, FOLLOWER, 10));
    catchUp();
    ReplicaAppend forged = ReplicaAppend.stream(0, 9, 2, List.of());
    ReplicaReply reply = follower.acceptReplica(forged);
    assertThat(reply.status()).isEqualTo(Status.EPOCH_MISMATCH);
    ReplicaReply notFollowed = leader.acceptReplica(ReplicaAppend.stream(0, 10, 2, List.of()));
    assertThat(notFollowed.status()).isEqualTo(Status.NOT_LEADER);
    assertThat(contentOf(follower)).isEqualTo(contentOf(leader));
  }

  @Test
  void aPromotedFollowerKeepsARestartedSessionsPublishersThroughItsGrace() {
    lead(10, put(id, "r1", 1), put(id, "r2", 1));
    follower.adopt(table(10, LEADER, FOLLOWER, 10));
    catchUp();
    // The session restarted: every data node keeps its old incarnation's publishers for a while.
    follower.keepDeparting(owner(), Duration.ofSeconds(10).toNanos());
    // Then the leader dies; the follower takes over while the restarted session holds nothing yet.
    follower.adopt(table(20, FOLLOWER, null, 20));
    String restarted = SESSION + "#2";
    follower.applySync(new SlotSync(0, 20, 0, true, new WriteBatch(SESSION, 2, Map.of(0, 20L), List.of()),
        List.of(), List.of()), restarted);
    follower.finishTakeovers(Set.of(restarted), (s, t) -> { }, s -> { });

    assertThat(follower.checkRead(0, 20)).isEqualTo(Status.OK);
    assertThat(follower.slot(0).store().read(id).publishers()).hasSize(2);
    assertThat(follower.slot(0).store().version(id)).isGreaterThanOrEqualTo(leader.slot(0).store().version(id));
  }

  // ---- the leader's side of the test ----

  private void lead(long epoch, PublisherWrite... writes) {
    leader.adopt(table(epoch, LEADER, FOLLOWER, epoch));
    leader.applySync(sync(epoch, writes), owner());
    leader.finishTakeovers(Set.of(owner()), (s, t) -> { }, s -> { });
    assertThat(leader.slot(0).role()).isEqualTo(SlotRole.LEADER);
    ReplicaAppend first = leader.slot(0).nextAppend(); // what the takeover itself changed
    if (first != null) {
      assertThat(leader.slot(0).sendsOf(first)).as("no follower streams before its catch-up").isEmpty();
    }
  }

  private void write(PublisherWrite... writes) {
    DataSlot slot = leader.slot(0);
    slot.apply(SESSION, 1, List.of(writes));
    ReplicaAppend append = slot.nextAppend();
    assertThat(append).isNotNull();
    wire.addAll(slot.sendsOf(append));
  }

  private void catchUp() {
    List<ReplicaSend> queries = leader.digestQueriesDue();
    assertThat(queries).extracting(ReplicaSend::follower).contains(FOLLOWER);
    queries.stream().filter(q -> q.slot() == 0).forEach(q -> wire.addAll(answerDigest(q, 1 << 20)));
    deliverAll();
  }

  private List<ReplicaSend> answerDigest(ReplicaSend query, int maxPartBytes) {
    ReplicaDigest digest = copyOf(follower.digestFor(copyOf((ReplicaDigestQuery) query.message())));
    assertThat(digest.status()).isEqualTo(Status.OK);
    return leader.slot(query.slot()).digestAnswered(query.follower(), query.generation(), copyOf(digest), maxPartBytes);
  }

  private void deliverAll() {
    while (!wire.isEmpty()) {
      ReplicaSend send = wire.poll();
      ReplicaReply reply = copyOf(follower.acceptReplica(copyOf((ReplicaAppend) send.message())));
      leader.slot(send.slot()).replicaAnswered(send.follower(), send.generation(), reply);
    }
  }

  /** Per datum of slot 0, its version and content hash: equal maps mean equal replicas. */
  private static Map<String, List<Long>> contentOf(SlotMap map) {
    Map<String, List<Long>> content = new TreeMap<>();
    map.slot(0).store().digest().forEach((k, v) -> content.put(k, List.of(v[0], v[1])));
    return content;
  }

  private static SlotTable table(long epoch, String leader, String follower, long leaderEpoch) {
    List<SlotTable.Slot> slots = new ArrayList<>();
    for (int i = 0; i < SLOTS; i++) {
      slots.add(new SlotTable.Slot(i, leader, follower == null ? List.of() : List.of(follower), leaderEpoch));
    }
    return new SlotTable(epoch, slots);
  }

  private static SlotSync sync(long epoch, PublisherWrite... puts) {
    return new SlotSync(0, epoch, 0, true, new WriteBatch(SESSION, 1, Map.of(0, epoch), List.of(puts)),
        List.of(), List.of());
  }

  private static PublisherWrite put(String dataInfoId, String registId, long version) {
    return new PublisherWrite(Kind.PUT, dataInfoId, registId, "conn-" + registId, version, 1000 + version,
        "ZONE", "app", PayloadCodec.encode(List.of(registId + ":12200")));
  }

  private static PublisherWrite unregister(String dataInfoId, String registId, long version) {
    return new PublisherWrite(Kind.UNREGISTER, dataInfoId, registId, "conn-" + registId, version, 2000,
        null, null, PayloadCodec.EMPTY);
  }

  private static String owner() {
    return SESSION + "#1";
  }

  private static String dataInfoIdInSlot(int slot, int skip) {
    for (int n = 0; ; n++) {
      String candidate = "svc" + n + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
      if (Slots.slotOf(candidate, SLOTS) == slot && skip-- == 0) {
        return candidate;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T copyOf(T message) {
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
        out.writeObject(message);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))) {
        return (T) in.readObject();
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
