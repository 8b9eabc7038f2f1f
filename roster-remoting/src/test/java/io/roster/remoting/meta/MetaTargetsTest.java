package io.roster.remoting.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.model.ManualTicker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The heartbeat target decisions, with time moved by hand. */
class MetaTargetsTest {

  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final long FIRST = MetaTargets.FIRST_RETRY_NANOS;
  private static final String M1 = "m1:9612";
  private static final String M2 = "m2:9612";
  private static final String M3 = "m3:9612";

  private final ManualTicker ticker = new ManualTicker(0);
  private final MetaTargets targets = new MetaTargets(List.of(M1, M2, M3), ticker, INTERVAL);

  @Test
  void anOkKeepsTheTargetForAnInterval() {
    assertThat(targets.target()).isEqualTo(M1);
    assertThat(targets.ok()).isEqualTo(INTERVAL.toNanos());
    assertThat(targets.target()).isEqualTo(M1);
  }

  @Test
  void aRedirectIsFollowedAtOnce() {
    assertThat(targets.redirected(M3)).isZero();
    assertThat(targets.target()).isEqualTo(M3);
  }

  @Test
  void afterTheLeaderDiesItsFollowersAreNotFollowedBackToIt() {
    targets.redirected(M2);
    targets.ok(); // m2 led
    assertThat(targets.unreachable()).as("m2 died: next address soon").isEqualTo(FIRST);
    assertThat(targets.target()).isEqualTo(M3);
    assertThat(targets.redirected(M2)).as("m3 still names the dead m2").isEqualTo(FIRST);
    assertThat(targets.target()).as("the next address that has not failed").isEqualTo(M1);
    assertThat(targets.redirected(M3)).as("m1 names the new leader m3").isZero();
    assertThat(targets.target()).isEqualTo(M3);
    assertThat(targets.ok()).isEqualTo(INTERVAL.toNanos());
  }

  @Test
  void aFailedAddressIsFollowedAgainOnceItsQuarantineEnds() {
    targets.unreachable(); // m1
    assertThat(targets.redirected(M1)).isPositive();
    ticker.advance(MetaTargets.quarantine(INTERVAL));
    assertThat(targets.redirected(M1)).isZero();
    assertThat(targets.target()).isEqualTo(M1);
  }

  @Test
  void withoutALeaderRetriesBackOffPerRoundUpToTheInterval() {
    long[] delays = new long[12];
    for (int i = 0; i < delays.length; i++) {
      delays[i] = targets.noLeader();
    }
    assertThat(delays).containsExactly(FIRST, FIRST, FIRST, 2 * FIRST, 2 * FIRST, 2 * FIRST,
        4 * FIRST, 4 * FIRST, 4 * FIRST, 8 * FIRST, 8 * FIRST, 8 * FIRST);
    for (int i = 0; i < 30; i++) {
      targets.noLeader();
    }
    assertThat(targets.noLeader()).isEqualTo(INTERVAL.toNanos());
    targets.ok();
    assertThat(targets.noLeader()).as("an OK starts over").isEqualTo(FIRST);
  }

  @Test
  void nodesNamingEachOtherCannotMakeARedirectLoop() {
    int atOnceInARow = 0;
    int longest = 0;
    long waited = 0;
    for (int i = 0; i < 12; i++) {
      long delay = targets.redirected(targets.target().equals(M1) ? M2 : M1);
      atOnceInARow = delay == 0 ? atOnceInARow + 1 : 0;
      longest = Math.max(longest, atOnceInARow);
      waited += delay;
    }
    assertThat(longest).as("at most one redirect per address before a backoff").isEqualTo(3);
    assertThat(waited).isEqualTo(FIRST + FIRST + FIRST);
  }

  @Test
  void rotationGoesRoundEveryAddress() {
    targets.noLeader();
    assertThat(targets.target()).isEqualTo(M2);
    targets.noLeader();
    assertThat(targets.target()).isEqualTo(M3);
    targets.noLeader();
    assertThat(targets.target()).isEqualTo(M1);
  }
}
