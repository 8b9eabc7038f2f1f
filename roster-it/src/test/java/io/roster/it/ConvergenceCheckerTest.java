package io.roster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roster.testkit.ConvergenceChecker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fault tests' judge must itself be able to fail. */
class ConvergenceCheckerTest {

  private final ConvergenceChecker checker = new ConvergenceChecker();

  @Test
  void aViewLackingALivePublisherItAlreadyShowedIsAnIncompletePush() {
    checker.subscribed("s", "d");
    checker.published("d", "a");
    checker.published("d", "b");
    checker.pushed("s", "d", List.of("a"));        // b not seen yet: on its way, not missing
    checker.pushed("s", "d", List.of("a", "b"));
    assertThat(checker.incompletePushes()).isEmpty();

    checker.pushed("s", "d", List.of("b"));

    assertThat(checker.incompletePushes()).singleElement().asString().contains("without live a");
  }

  @Test
  void aRetiredPublisherMayVanish() {
    checker.subscribed("s", "d");
    checker.published("d", "a");
    checker.pushed("s", "d", List.of("a"));
    checker.retired("d", "a");
    checker.pushed("s", "d", List.of());

    assertThat(checker.incompletePushes()).isEmpty();
    assertThat(checker.divergences()).isEmpty();
  }

  @Test
  void convergenceNeedsExactlyTheLivePublishers() {
    checker.subscribed("s", "d");
    checker.published("d", "a");
    checker.pushed("s", "d", List.of("a", "ghost"));

    assertThat(checker.divergences()).singleElement().asString().contains("extra [ghost]");
    assertThatThrownBy(() -> checker.awaitConverged(Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("ghost");
  }
}
