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
  private final LeaseTable leases = new LeaseTable(LEASE, ticker);

  @Test
  void renewalKeepsANodeAlive() {
    leaderPastGrace();
    assertThat(leases.renew(DATA, 0)).isEqualTo(LeaseTable.Renewal.JOINED);
    for (int i = 0; i < 5; i++) {
      ticker.advance(Duration.ofSeconds(15));
      assertThat(leases.renew(DATA, 0)).isEqualTo(LeaseTable.Renewal.RENEWED);
      assertThat(leases.expire()).isEmpty();
    }
    assertThat(leases.live()).containsExactly(DATA);
  }

  @Test
  void aSilentNodeIsEvictedAfterOneLease() {
    leaderPastGrace();
    leases.renew(DATA, 0);
    leases.renew(SESSION, 0);
    ticker.advance(Duration.ofSeconds(10));
    leases.renew(SESSION, 0);
    ticker.advance(LEASE.minusSeconds(10).minusMillis(1));
    assertThat(leases.expire()).isEmpty();
    ticker.advance(Duration.ofMillis(1));
    assertThat(leases.expire()).containsExactly(DATA);
    assertThat(leases.live()).containsExactly(SESSION);
    assertThat(leases.desiredMembers(List.of(DATA, SESSION))).containsExactly(SESSION);
  }

  @Test
  void aNewIncarnationIsARestart() {
    leaderPastGrace();
    leases.renew(SESSION, 0);
    Member restarted = new Member(NodeRole.SESSION, SESSION.address(), "z", 8);
    assertThat(leases.renew(restarted, 0)).isEqualTo(LeaseTable.Renewal.RESTARTED);
    assertThat(leases.desiredMembers(List.of(SESSION))).containsExactly(restarted);
  }

  @Test
  void aNewLeaderKeepsCommittedMembersForOneLeaseBeforeEvicting() {
    leases.startLeading();
    List<Member> committed = List.of(DATA, SESSION);
    leases.renew(SESSION, 0);
    ticker.advance(LEASE.minusMillis(1));
    assertThat(leases.inGrace()).isTrue();
    assertThat(leases.expire()).as("nobody is evicted in the grace period").isEmpty();
    assertThat(leases.desiredMembers(committed))
        .as("a member not heard from yet is kept").containsExactly(DATA, SESSION);

    leases.renew(SESSION, 0);
    ticker.advance(Duration.ofMillis(1));
    assertThat(leases.inGrace()).isFalse();
    assertThat(leases.desiredMembers(committed)).containsExactly(SESSION);
  }

  @Test
  void leadershipLossForgetsEveryLease() {
    leaderPastGrace();
    leases.renew(DATA, 0);
    leases.stopLeading();
    assertThat(leases.live()).isEmpty();
    assertThat(leases.isLive(DATA.address())).isFalse();
  }

  @Test
  void acknowledgementNeedsEveryNodeAtTheEpoch() {
    leaderPastGrace();
    leases.renew(DATA, 5);
    Member other = new Member(NodeRole.DATA, "10.0.0.3:9620", "z", 1);
    leases.renew(other, 4);
    assertThat(leases.allAcknowledged(List.of(DATA.address()), 5)).isTrue();
    assertThat(leases.allAcknowledged(List.of(DATA.address(), other.address()), 5)).isFalse();
    assertThat(leases.allAcknowledged(List.of("10.0.0.9:9620"), 0)).isFalse();
  }

  private void leaderPastGrace() {
    leases.startLeading();
    ticker.advance(LEASE);
    assertThat(leases.inGrace()).isFalse();
  }
}
