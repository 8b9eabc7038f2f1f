package io.roster.meta.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.meta.raft.Member;
import io.roster.model.ManualTicker;
import io.roster.protocol.NodeRole;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseTableTest {

  private static final Duration LEASE = Duration.ofSeconds(20);
  private static final Member DATA = new Member(NodeRole.DATA, "10.0.0.1:9620", "z", 1);
  private static final Member SESSION = new Member(NodeRole.SESSION, "10.0.0.2:9600", "z", 7);

  private final ManualTicker ticker = new ManualTicker(1_700_000_000_000L);
  private final LeaseTable leases = new LeaseTable(LEASE, LEASE, ticker);

  @Test
  void renewalKeepsANodeAlive() {
    leaderPastGrace();
    assertThat(leases.renew(DATA, 0, "conn")).isEqualTo(LeaseTable.Renewal.JOINED);
    for (int i = 0; i < 5; i++) {
      ticker.advance(Duration.ofSeconds(15));
      assertThat(leases.renew(DATA, 0, "conn")).isEqualTo(LeaseTable.Renewal.RENEWED);
      assertThat(leases.expire()).isEmpty();
    }
    assertThat(leases.live()).containsExactly(DATA);
  }

  @Test
  void aSilentNodeIsEvictedAfterOneLease() {
    leaderPastGrace();
    leases.renew(DATA, 0, "conn");
    leases.renew(SESSION, 0, "conn");
    ticker.advance(Duration.ofSeconds(10));
    leases.renew(SESSION, 0, "conn");
    ticker.advance(LEASE.minusSeconds(10).minusMillis(1));
    assertThat(leases.expire()).isEmpty();
    ticker.advance(Duration.ofMillis(1));
    assertThat(leases.expire()).containsExactly(DATA);
    assertThat(leases.live()).containsExactly(SESSION);
    assertThat(leases.desiredMembers(List.of(DATA, SESSION))).containsExactly(SESSION);
  }

  @Test
  void aLeavingNodeLosesItsLeaseAtOnceAndThatIncarnationCannotRenew() {
    leaderPastGrace();
    leases.renew(DATA, 0, "conn");
    leases.leave(DATA);
    assertThat(leases.live()).isEmpty();
    assertThat(leases.renew(DATA, 0, "conn")).isEqualTo(LeaseTable.Renewal.LEFT);
    assertThat(leases.live()).isEmpty();
    Member restarted = new Member(NodeRole.DATA, DATA.address(), "z", 2);
    assertThat(leases.renew(restarted, 0, "conn")).isEqualTo(LeaseTable.Renewal.JOINED);
  }

  @Test
  void aNewLeadersGraceDoesNotKeepAMemberThatLeft() {
    leases.startLeading();
    leases.leave(DATA);
    assertThat(leases.desiredMembers(List.of(DATA, SESSION))).containsExactly(SESSION);
  }

  @Test
  void aNewIncarnationIsARestart() {
    leaderPastGrace();
    leases.renew(SESSION, 0, "conn");
    Member restarted = new Member(NodeRole.SESSION, SESSION.address(), "z", 8);
    assertThat(leases.renew(restarted, 0, "conn")).isEqualTo(LeaseTable.Renewal.RESTARTED);
    assertThat(leases.desiredMembers(List.of(SESSION))).containsExactly(restarted);
  }

  @Test
  void anOlderIncarnationHeartbeatingAgainTakesTheAddressBackAndIsToldApart() {
    leaderPastGrace();
    leases.renew(SESSION, 0, "conn");
    Member forgedNewer = new Member(NodeRole.SESSION, SESSION.address(), "z", SESSION.incarnation() + 1000);
    assertThat(leases.renew(forgedNewer, 0, "attacker")).isEqualTo(LeaseTable.Renewal.RESTARTED);

    // The real session's next heartbeat: not refused (a forged newer incarnation must not lock
    // it out), and not reported as an ordinary restart either.
    assertThat(leases.renew(SESSION, 0, "conn")).isEqualTo(LeaseTable.Renewal.RETURNED);
    assertThat(leases.desiredMembers(List.of(forgedNewer))).containsExactly(SESSION);
  }

  @Test
  void aNewLeaderKeepsCommittedMembersForOneLeaseBeforeEvicting() {
    leases.startLeading();
    List<Member> committed = List.of(DATA, SESSION);
    leases.renew(SESSION, 0, "conn");
    ticker.advance(LEASE.minusMillis(1));
    assertThat(leases.inGrace(NodeRole.SESSION)).isTrue();
    assertThat(leases.expire()).as("nobody is evicted in the grace period").isEmpty();
    assertThat(leases.desiredMembers(committed))
        .as("a member not heard from yet is kept").containsExactly(DATA, SESSION);

    leases.renew(SESSION, 0, "conn");
    ticker.advance(Duration.ofMillis(1));
    assertThat(leases.inGrace(NodeRole.SESSION)).isFalse();
    assertThat(leases.desiredMembers(committed)).containsExactly(SESSION);
  }

  @Test
  void leadershipLossForgetsEveryLease() {
    leaderPastGrace();
    leases.renew(DATA, 0, "conn");
    leases.stopLeading();
    assertThat(leases.live()).isEmpty();
    assertThat(leases.isLive(DATA.address())).isFalse();
  }

  @Test
  void acknowledgementNeedsEveryNodeAtTheEpoch() {
    leaderPastGrace();
    leases.renew(DATA, 5, "conn");
    Member other = new Member(NodeRole.DATA, "10.0.0.3:9620", "z", 1);
    leases.renew(other, 4, "conn");
    assertThat(leases.allAcknowledged(List.of(DATA.address()), 5)).isTrue();
    assertThat(leases.allAcknowledged(List.of(DATA.address(), other.address()), 5)).isFalse();
    assertThat(leases.allAcknowledged(List.of("10.0.0.9:9620"), 0)).isFalse();
  }

  @Test
  void aNodeWhoseFollowedSlotsLagIsNotYetAcknowledged() {
    leaderPastGrace();
    leases.renew(DATA, 5, List.of(3), "conn");
    assertThat(leases.allAcknowledged(List.of(DATA.address()), 5)).isFalse();
    assertThat(leases.views().get(0).laggingSlots()).containsExactly(3);
    leases.renew(DATA, 5, List.of(), "conn");
    assertThat(leases.allAcknowledged(List.of(DATA.address()), 5)).isTrue();
  }

  @Test
  void dataAndSessionLeasesRunSeparately() {
    LeaseTable table = new LeaseTable(Duration.ofSeconds(20), Duration.ofSeconds(2), ticker);
    table.startLeading();
    ticker.advance(Duration.ofSeconds(20));
    table.renew(DATA, 0, "d");
    table.renew(SESSION, 0, "s");
    ticker.advance(Duration.ofSeconds(2));
    assertThat(table.expire()).containsExactly(DATA);
    ticker.advance(Duration.ofSeconds(17));
    assertThat(table.expire()).isEmpty();
  }

  @Test
  void aClosedConnectionEndsADataLeaseAfterAShortGraceUnlessItHeartbeatsAgain() {
    leaderPastGrace();
    Member other = new Member(NodeRole.DATA, "10.0.0.3:9620", "z", 1);
    leases.renew(DATA, 0, "d1");
    leases.renew(other, 0, "d2");
    leases.renew(SESSION, 0, "s1");

    assertThat(leases.connectionClosed("d1")).isEqualTo(DATA);
    assertThat(leases.connectionClosed("d2")).isEqualTo(other);
    assertThat(leases.connectionClosed("s1")).as("a session keeps its long lease").isNull();
    leases.renew(other, 0, "d2-new"); // it reconnected in time
    ticker.advance(LeaseTable.DROPPED_CONNECTION_GRACE.minusMillis(1));
    assertThat(leases.expire()).isEmpty();
    ticker.advance(Duration.ofMillis(1));

    assertThat(leases.expire()).containsExactly(DATA);
    assertThat(leases.live()).containsExactly(SESSION, other);
  }

  @Test
  void aNewLeaderStillEndsTheLeaseOfADataNodeItHeardWhoseConnectionThenClosed() {
    leases.startLeading();
    leases.renew(DATA, 0, "d1");
    leases.connectionClosed("d1");
    ticker.advance(LeaseTable.DROPPED_CONNECTION_GRACE);

    assertThat(leases.inGrace(NodeRole.DATA)).isTrue();
    assertThat(leases.expire()).containsExactly(DATA);
  }

  private void leaderPastGrace() {
    leases.startLeading();
    ticker.advance(LEASE);
    assertThat(leases.inGrace(NodeRole.SESSION)).isFalse();
  }
}
