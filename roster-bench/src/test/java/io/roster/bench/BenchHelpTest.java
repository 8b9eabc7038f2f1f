package io.roster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchHelpTest {

  /** A scenario line of {@code roster bench --help}: two spaces, its name, then its text. */
  private static final Pattern SCENARIO = Pattern.compile("(?m)^  ([a-z]+) {2,}\\S");

  @Test
  void theGeneralHelpListsEveryBenchScenario() throws Exception {
    String general = Files.readString(Path.of("..", "roster-server", "src", "main", "resources",
        "io", "roster", "server", "cli", "general-help.txt"));
    String scenarios = BenchMain.HELP.substring(0, BenchMain.HELP.indexOf("Options:"));
    Matcher m = SCENARIO.matcher(scenarios);
    List<String> names = m.results().map(r -> r.group(1)).toList();

    assertThat(names).contains("offline", "register", "failover", "floor");
    for (String name : names) {
      assertThat(general).as("./roster --help lists bench scenario %s", name)
          .containsPattern("(?m)^ +" + name + " ");
    }
  }
}
