package io.roster.server.cli;

import io.roster.server.config.ConfigResolver;
import io.roster.server.config.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The text of {@code roster --help} and {@code roster start --help}, generated from the key table. */
public final class HelpText {

  private HelpText() {}

  /**
   * The general help. A text file beside this class, because the {@code ./roster} script prints
   * the same file itself, so that {@code ./roster --help} never needs a build.
   */
  public static String general() {
    try (InputStream in = HelpText.class.getResourceAsStream("general-help.txt")) {
      if (in == null) {
        throw new IllegalStateException("general-help.txt is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String start() {
    StringBuilder out = new StringBuilder("""
        Usage: roster start [--config FILE] [options]

        Starts the roles in roster.roles (default: meta as a single-node raft group, data and
        session, all in this JVM), in the order meta, data, session. Prints one line
        "Roster ready in N ms: ..." on standard output once every role reports ready; logs go to
        standard error. Ctrl-C or SIGTERM stops session, then data, then meta.

        Each setting is looked up in these places; a later one wins:
          built-in default < config file < environment variable < -Dkey=value < command-line option
        e.g. roster.session.port in the file, ROSTER_SESSION_PORT, -Droster.session.port=9601
        (via ROSTER_JAVA_OPTS), or --session-port 9601 (also --session-port=9601).

          --config FILE   Java properties file with the keys below
                          (default: ./%s if it exists)
          -h, --help      Show this help

        Settings:
        """.formatted(ConfigResolver.DEFAULT_FILE));
    for (Setting s : Setting.values()) {
      String dflt = s.defaultValue().isEmpty() ? "empty" : s.defaultValue();
      out.append("  ").append(s.option()).append(' ').append(s.metavar()).append('\n')
          .append("      ").append(s.key()).append(" | ").append(s.envName())
          .append(" | default: ").append(dflt).append('\n')
          .append("      ").append(s.description()).append('\n');
    }
    out.append("""

        Durations: 500ms, 20s, 2m, 1h or ISO-8601 (PT20S). Port 0 picks a free port.
        JVM options: set ROSTER_JAVA_OPTS, e.g. ROSTER_JAVA_OPTS="-Xmx2g".
        Exit codes: 0 stopped normally, 1 a role failed to start, 2 invalid command line or configuration.
        """);
    return out.toString();
  }
}
