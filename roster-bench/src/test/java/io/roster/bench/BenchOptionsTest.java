package io.roster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Option parsing for the scenarios whose defaults or rules differ from the rest. */
class BenchOptionsTest {

  @Test
  void failoverRunsFiveRoundsByDefault() {
    assertThat(BenchOptions.parse(new String[] {"failover"}).rounds()).isEqualTo(5);
    assertThat(BenchOptions.parse(new String[] {"failover", "--rounds", "2"}).rounds()).isEqualTo(2);
    assertThat(BenchOptions.parse(new String[] {"offline"}).rounds()).isEqualTo(50);
  }

  @Test
  void failoverRefusesATargetBecauseItStartsItsOwnCluster() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"failover", "--target", "127.0.0.1:9603"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no --target");
  }

  @Test
  void theServerRunsInItsOwnJvmUnlessInProcessIsAsked() {
    assertThat(BenchOptions.parse(new String[] {"register"}).inProcess()).isFalse();
    assertThat(BenchOptions.parse(new String[] {"register", "--in-process", "--publishers", "5"}))
        .satisfies(o -> assertThat(o.inProcess()).isTrue())
        .satisfies(o -> assertThat(o.publishers()).isEqualTo(5));
    assertThatThrownBy(() -> BenchOptions.parse(
        new String[] {"register", "--in-process", "--target", "127.0.0.1:9603"}))
        .hasMessageContaining("--in-process");
    assertThat(BenchMain.HELP).contains("--in-process");
  }

  @Test
  void helpListsFailover() {
    assertThat(BenchMain.HELP).contains("failover");
  }
}
