package io.roster.meta.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roster.meta.raft.Command;
import io.roster.meta.raft.InMemoryConsensus;
import io.roster.meta.raft.Member;
import io.roster.meta.raft.Outcome;
import io.roster.model.ManualTicker;
import io.roster.model.SlotTable;
import io.roster.protocol.NodeRole;
import io.roster.protocol.Status;
import io.roster.protocol.meta.HeartbeatReply;
import io.roster.protocol.meta.NodeHeartbeat;
import io.roster.protocol.meta.NodeInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The membership loop over an in-memory consensus, with time driven by a manual ticker. */
class MembershipTest {

  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final String A = "10.0.0.1:9620";
  private static final String B = "10.0.0.2:9620";
  private static final String SELF = "127.0.0.1:9612";

  private final ManualTicker ticker = new ManualTicker(1_700_000_000_000L);
  private final InMemoryConsensus raft = new InMemoryConsensus();
  private final Membership membership = new Membership(raft, ticker, LEASE, LEASE, 16, 2);

  @AfterEach
  void stop() {
    membership.close();
  }

  @Test
  void aFollowerRedirectsToTheLeadersBoltAddress() throws Exception {
    raft.follow("127.0.0.1:7777");
    HeartbeatReply reply = beat(NodeRole.DATA, A, 0);
    assertThat(reply.status()).isEqualTo(Status.NOT_LEADER);
    assertThat(reply.leaderAddress()).isEqualTo("127.0.0.1:7777");
  }

  @Test
  void anOversizedAddressIsRefusedBeforeItReachesTheLog() throws Exception {
    lead();
    HeartbeatReply reply = beat(NodeRole.SESSION, "h".repeat(300) + ":9600", 0);
    assertThat(reply.status()).isEqualTo(Status.BAD_REQUEST);
    assertThat(raft.state().members()).isEmpty();
    assertThat(beat(NodeRole.SESSION, "10.0.0.9:9600", 0).status()).isEqualTo(Status.OK);
  }

  @Test
  void aJoiningNodeFollowsUntilEveryoneAcknowledgedThenLeadsSome() throws Exception {
    lead();
    SlotTable first = beat(NodeRole.DATA, A, 0).slotTable();
    assertThat(first.slots()).allSatisfy(s -> assertThat(s.leader()).isEqualTo(A));

    HeartbeatReply joined = beat(NodeRole.DATA, B, 0);
    SlotTable withB = joined.slotTable();
    assertThat(withB.epoch()).isGreaterThan(first.epoch());
    assertThat(withB.slots()).allSatisfy(s -> {
      assertThat(s.leader()).isEqualTo(A);
      assertThat(s.followers()).containsExactly(B);
    });
    assertThat(joined.dataNodes()).extracting(NodeInfo::address).containsExactly(A, B);

    assertThat(beat(NodeRole.DATA, B, withB.epoch()).slotTable()).as("B is current").isNull();
    assertThat(raft.state().slotTable().epoch()).as("no promotion before A acknowledges")
        .isEqualTo(withB.epoch());
    beat(NodeRole.DATA, A, withB.epoch());
    SlotTable promoted = raft.state().slotTable();
    assertThat(promoted.epoch()).isGreaterThan(withB.epoch());
    assertThat(promoted.slots().stream().filter(s -> s.leader().equals(B)).count()).isEqualTo(8);
  }

  @Test
  void aSilentDataNodeIsEvictedAndItsSlotsFailOver() throws Exception {
    lead();
    ticker.advance(LEASE);
    beat(NodeRole.DATA, A, 0);
    long epoch = beat(NodeRole.DATA, B, 0).slotTable().epoch();
    ticker.advance(LEASE.minusMillis(500));
    beat(NodeRole.DATA, A, epoch);
    ticker.advance(Duration.ofMillis(500));
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
        assertThat(raft.state().members()).extracting(Member::address).containsExactly(A));
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
        assertThat(raft.state().slotTable().slots()).allSatisfy(s -> {
          assertThat(s.leader()).isEqualTo(A);
          assertThat(s.followers()).isEmpty();
        }));
  }

  @Test
  void aNewLeaderKeepsCommittedMembersThroughTheGracePeriod() throws Exception {
    Member known = new Member(NodeRole.SESSION, "10.0.0.5:9600", "z", 3);
    raft.preload(new Command.SetMembers(List.of(known)));
    lead();
    HeartbeatReply reply = beat(NodeRole.DATA, A, 0);
    assertThat(reply.sessions()).extracting(NodeInfo::address).containsExactly(known.address());
    ticker.advance(LEASE.minusMillis(1));
    beat(NodeRole.DATA, A, reply.slotTable().epoch());
    assertThat(raft.state().members()).extracting(Member::address)
        .containsExactly(A, known.address());
    ticker.advance(Duration.ofMillis(1));
    beat(NodeRole.DATA, A, reply.slotTable().epoch());
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
        assertThat(raft.state().members()).extracting(Member::address).containsExactly(A));
  }

  @Test
  void aBusyRaftIsRetriedWithAGrowingBackoffThatAnAcceptedProposalResets() throws Exception {
    Outcome busy = Outcome.of(Status.NOT_READY, "EBUSY: Node is busy, has too many tasks");
    raft.refuse(command -> command instanceof Command.SetMembers ? busy : null);
    lead();
    beat(NodeRole.DATA, A, 0);
    assertThat(joins()).isEqualTo(1);
    long[] backoff = {200, 400, 800, 1600, 2000, 2000};
    for (long millis : backoff) {
      int before = joins();
      ticker.advance(Duration.ofMillis(millis - 1));
      beat(NodeRole.DATA, A, 0);
      assertThat(joins()).as("no retry before %d ms", millis).isEqualTo(before);
      ticker.advance(Duration.ofMillis(1));
      beat(NodeRole.DATA, A, 0);
      assertThat(joins()).as("one retry after %d ms", millis).isEqualTo(before + 1);
    }

    raft.refuse(command -> null);
    ticker.advance(Duration.ofMillis(2000));
    beat(NodeRole.DATA, A, 0);
    assertThat(raft.state().members()).extracting(Member::address).containsExactly(A);
    raft.refuse(command -> command instanceof Command.SetMembers ? busy : null);
    int before = joins();
    beat(NodeRole.SESSION, B, 0);
    assertThat(joins()).isEqualTo(before + 1);
    ticker.advance(Duration.ofMillis(200));
    beat(NodeRole.SESSION, B, 0);
    assertThat(joins()).as("the backoff started over at 200 ms").isEqualTo(before + 2);
  }

  @Test
  void aNewLeaderAnnouncesItselfAndRetriesUntilTheAnnouncementCommits() throws Exception {
    AtomicInteger refusals = new AtomicInteger(2);
    raft.refuse(command -> command instanceof Command.AnnounceLeader
        && refusals.getAndDecrement() > 0 ? Outcome.of(Status.NOT_READY, "EBUSY") : null);
    lead();
    await().atMost(Duration.ofSeconds(3)).until(() -> announcements() == 1);
    assertThat(raft.state().leader()).as("followers cannot redirect yet").isNull();

    ticker.advance(Duration.ofMillis(200));
    await().atMost(Duration.ofSeconds(3)).until(() -> announcements() == 2);
    ticker.advance(Duration.ofMillis(400));
    await().atMost(Duration.ofSeconds(3)).until(() -> raft.state().leader() != null);
    assertThat(raft.state().leader().boltAddress()).isEqualTo(SELF);
    assertThat(announcements()).isEqualTo(3);
    assertThat(beat(NodeRole.DATA, A, 0).status()).isEqualTo(Status.OK);
    assertThat(announcements()).as("announced once per term").isEqualTo(3);
  }

  @Test
  void aLateFailureFromAnEarlierLeadershipNeitherBlocksNorDelaysTheNewOne() throws Exception {
    raft.holdNext();
    lead(); // term 1: its announcement hangs
    await().atMost(Duration.ofSeconds(3)).until(() -> announcements() == 1);
    membership.leaderStopped();
    raft.lead(SELF);
    membership.leaderStarted(2);
    await("term 2 does not wait for term 1's proposal").atMost(Duration.ofSeconds(3))
        .until(() -> raft.state().leader() != null);
    raft.release(Outcome.of(Status.NOT_LEADER, "term 1 is over")); // term 1's answer, late

    HeartbeatReply reply = beat(NodeRole.DATA, A, 0);
    assertThat(reply.status()).isEqualTo(Status.OK);
    assertThat(reply.slotTable()).as("the late failure set no backoff").isNotNull();
  }

  private long announcements() {
    return raft.proposed().stream().filter(c -> c instanceof Command.AnnounceLeader).count();
  }

  private int joins() {
    return (int) raft.proposed().stream().filter(c -> c instanceof Command.SetMembers).count();
  }

  private void lead() {
    raft.lead(SELF);
    membership.leaderStarted(1);
    membership.start();
  }

  private HeartbeatReply beat(NodeRole role, String address, long epoch) throws Exception {
    CompletableFuture<HeartbeatReply> reply = new CompletableFuture<>();
    membership.heartbeat(new NodeHeartbeat(role, address, "z", 1, epoch), "conn-" + address, reply::complete);
    return reply.get(5, TimeUnit.SECONDS);
  }
}
