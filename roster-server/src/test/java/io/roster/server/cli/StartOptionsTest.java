package io.roster.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roster.server.config.Setting;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartOptionsTest {

  @Test
  void acceptsSpaceAndEqualsFormsAndTheConfigFile() {
    StartOptions o = StartOptions.parse(List.of("--session-port", "9700", "--data-dir=/tmp/r",
        "--config", "my.conf"));

    assertThat(o.help()).isFalse();
    assertThat(o.configFile()).contains(Path.of("my.conf"));
    assertThat(o.values()).containsEntry(Setting.SESSION_PORT, "9700")
        .containsEntry(Setting.DATA_DIR, "/tmp/r").hasSize(2);
  }

  @Test
  void lastOccurrenceWins() {
    StartOptions o = StartOptions.parse(List.of("--meta-port=1", "--meta-port=2"));

    assertThat(o.values()).containsEntry(Setting.META_PORT, "2");
  }

  @Test
  void everySettingHasAnOption() {
    for (Setting s : Setting.values()) {
      assertThat(StartOptions.parse(List.of(s.option(), "x")).values()).containsEntry(s, "x");
    }
  }

  @Test
  void helpFlag() {
    assertThat(StartOptions.parse(List.of("--roles", "meta", "-h")).help()).isTrue();
    assertThat(StartOptions.parse(List.of("--help")).help()).isTrue();
  }

  @Test
  void rejectsUnknownOptionMissingValueAndPositionalArguments() {
    assertThatThrownBy(() -> StartOptions.parse(List.of("--sesion-port", "1")))
        .isInstanceOf(UsageException.class).hasMessage("unknown option '--sesion-port'");
    assertThatThrownBy(() -> StartOptions.parse(List.of("--nope")))
        .isInstanceOf(UsageException.class).hasMessage("unknown option '--nope'");
    assertThatThrownBy(() -> StartOptions.parse(List.of("--config")))
        .isInstanceOf(UsageException.class).hasMessage("option --config needs a value");
    assertThatThrownBy(() -> StartOptions.parse(List.of("--session-port")))
        .isInstanceOf(UsageException.class).hasMessage("option --session-port needs a value");
    assertThatThrownBy(() -> StartOptions.parse(List.of("now")))
        .isInstanceOf(UsageException.class).hasMessage("unexpected argument 'now'");
  }
}
