package io.roster.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.server.config.ConfigResolver;
import io.roster.server.config.RosterConfig;
import io.roster.server.config.Setting;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicReference<RosterConfig> launched = new AtomicReference<>();

  private int run(Map<String, String> env, String... args) {
    ConfigResolver resolver = new ConfigResolver(env, new Properties(), dir);
    Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), resolver, config -> {
          launched.set(config);
          return 0;
        });
    return main.run(args);
  }

  private int run(String... args) {
    return run(Map.of(), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void startPassesTheResolvedConfigToTheLauncher() {
    int code = run(Map.of("ROSTER_SESSION_ZONE", "ZONE_A"), "start", "--session-port", "0");

    assertThat(code).isZero();
    assertThat(launched.get().session().boltPort()).isZero();
    assertThat(launched.get().session().zone()).isEqualTo("ZONE_A");
  }

  @Test
  void unknownOptionExitsWithTwoAndAHint() {
    int code = run("start", "--bogus", "1");

    assertThat(code).isEqualTo(2);
    assertThat(err()).isEqualTo("roster start: unknown option '--bogus'."
        + " Run 'roster start --help' for the options." + System.lineSeparator());
    assertThat(launched.get()).isNull();
  }

  @Test
  void invalidValueExitsWithTwoAndOneLineNamingKeyAndValue() {
    int code = run(Map.of("ROSTER_DATA_PORT", "70000"), "start");

    assertThat(code).isEqualTo(2);
    assertThat(err().lines()).singleElement().satisfies(line -> assertThat(line)
        .startsWith("roster: invalid roster.data.port='70000' (from environment ROSTER_DATA_PORT)"));
    assertThat(launched.get()).isNull();
  }

  @Test
  void startHelpDocumentsEveryOptionKeyAndEnvironmentVariable() {
    int code = run("start", "--help");

    assertThat(code).isZero();
    for (Setting s : Setting.values()) {
      assertThat(out()).contains(s.option() + " " + s.metavar(), s.key(), s.envName());
    }
    assertThat(out()).contains("--config FILE", "ROSTER_JAVA_OPTS");
    assertThat(launched.get()).isNull();
  }

  @Test
  void generalHelpListsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("start", "version", "bench", "roster start --help");
  }

  @Test
  void versionPrintsOneLine() {
    assertThat(run("version")).isZero();
    assertThat(out()).startsWith("roster ").endsWith(System.lineSeparator());
    assertThat(out().lines()).hasSize(1);
  }

  @Test
  void benchOutsideTheScriptPointsToItAndExitsWithTwo() {
    assertThat(run("bench", "--anything")).isEqualTo(2);
    assertThat(err()).contains("./roster bench --help");
  }

  @Test
  void unknownCommandOrNoCommandExitsWithTwo() {
    assertThat(run("stop")).isEqualTo(2);
    assertThat(err()).contains("unknown command 'stop'", "roster --help");

    assertThat(run()).isEqualTo(2);
    assertThat(err()).contains("Usage: roster <command>");
  }
}
