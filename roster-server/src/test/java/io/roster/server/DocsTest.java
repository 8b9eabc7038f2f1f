package io.roster.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.server.config.ConfigResolver;
import io.roster.server.config.RosterConfig;
import io.roster.server.config.Setting;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps README.md and roster.conf.example (repo root) in step with the key table. */
class DocsTest {

  private static final Path REPO = Path.of("..");

  @TempDir
  Path dir;

  @Test
  void readmeDocumentsEveryKeyWithItsEnvironmentVariableAndOption() throws IOException {
    String readme = Files.readString(REPO.resolve("README.md"));

    for (Setting s : Setting.values()) {
      assertThat(readme).contains("`" + s.key() + "`", "`" + s.envName() + "`", s.option());
    }
    assertThat(readme).contains("./roster start", "mvn -B verify");
  }

  @Test
  void exampleConfigListsEveryKeyAtItsDefault() throws IOException {
    String example = Files.readString(REPO.resolve("roster.conf.example"));
    // Uncomment the "#roster.x=default" lines: the result must parse and change nothing.
    String uncommented = example.lines()
        .map(line -> line.startsWith("#roster.") ? line.substring(1) : line)
        .collect(Collectors.joining("\n"));
    Files.writeString(dir.resolve("roster.conf"), uncommented);

    Properties keys = new Properties();
    keys.load(new StringReader(uncommented));
    assertThat(keys.stringPropertyNames())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Setting.values()).map(Setting::key).toList());

    ConfigResolver resolver = new ConfigResolver(Map.of(), new Properties(), dir);
    RosterConfig fromExample = resolver.resolve(Optional.of(Path.of("roster.conf")), Map.of());
    RosterConfig defaults = new ConfigResolver(Map.of(), new Properties(), dir.resolve("none"))
        .resolve(Optional.empty(), Map.of());
    assertThat(fromExample).isEqualTo(defaults);
  }
}
