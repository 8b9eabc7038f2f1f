package io.roster.session.push;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CircuitBreakersTest {

  private final CircuitBreakers breakers = new CircuitBreakers(3, 100, 1000);

  @Test
  void opensAfterThresholdFailuresInARowAndClosesOnSuccess() {
    assertThat(breakers.failed("a", 0)).isFalse();
    assertThat(breakers.failed("a", 0)).isFalse();
    assertThat(breakers.isOpen("a", 0)).isFalse();
    assertThat(breakers.failed("a", 0)).isTrue();
    assertThat(breakers.waitNanos("a", 0)).isEqualTo(100);
    assertThat(breakers.isOpen("a", 100)).isFalse();
    breakers.succeeded("a");
    assertThat(breakers.failed("a", 200)).isFalse();
  }

  @Test
  void coolDownDoublesUpToTheCapAndAddressesAreIndependent() {
    for (int i = 0; i < 3; i++) {
      breakers.failed("a", 0);
    }
    breakers.failed("a", 0);
    assertThat(breakers.waitNanos("a", 0)).isEqualTo(200);
    for (int i = 0; i < 10; i++) {
      breakers.failed("a", 0);
    }
    assertThat(breakers.waitNanos("a", 0)).isEqualTo(1000);
    assertThat(breakers.isOpen("b", 0)).isFalse();
  }

  @Test
  void forgottenAddressStartsClean() {
    for (int i = 0; i < 3; i++) {
      breakers.failed("a", 0);
    }
    assertThat(breakers.size()).isEqualTo(1);
    breakers.forget("a");
    assertThat(breakers.size()).isZero();
    assertThat(breakers.isOpen("a", 0)).isFalse();
  }
}
