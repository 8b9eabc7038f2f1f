package io.roster.server;

import io.roster.model.Ticker;
import io.roster.server.cli.HelpText;
import io.roster.server.cli.StartOptions;
import io.roster.server.cli.UsageException;
import io.roster.server.config.ConfigException;
import io.roster.server.config.ConfigResolver;
import io.roster.server.config.RosterConfig;
import io.roster.server.launch.ForegroundLauncher;
import io.roster.server.launch.Launcher;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code roster} command: {@code start}, {@code version}, {@code --help}, and the reserved
 * {@code bench}. Exit codes: 0 success, 1 a role failed to start, 2 invalid command line or configuration.
 * Its collaborators are passed in, so tests run every command except a real start in-process.
 */
public final class Main {

  static final int OK = 0;
  static final int USAGE = 2;

  private final PrintStream out;
  private final PrintStream err;
  private final ConfigResolver resolver;
  private final Launcher launcher;

  public Main(PrintStream out, PrintStream err, ConfigResolver resolver, Launcher launcher) {
    this.out = out;
    this.err = err;
    this.resolver = resolver;
    this.launcher = launcher;
  }

  public static void main(String[] args) {
    Main main = new Main(System.out, System.err, ConfigResolver.ofThisProcess(),
        new ForegroundLauncher(System.out, System.err, Ticker.system()));
    int code = main.run(args);
    // Exit 0 needs no System.exit: after a foreground run the shutdown hook is already halting.
    if (code != OK) {
      System.exit(code);
    }
  }

  public int run(String... args) {
    if (args.length == 0) {
      err.print(HelpText.general());
      return USAGE;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    switch (args[0]) {
      case "-h", "--help", "help" -> {
        out.print(HelpText.general());
        return OK;
      }
      case "version", "--version" -> {
        out.println("roster " + version() + " (Java " + Runtime.version() + ")");
        return OK;
      }
      case "bench" -> {
        // The ./roster script sends `bench` to roster-bench, which is not on this class path.
        err.println("roster bench: run it through the ./roster script (./roster bench --help)");
        return USAGE;
      }
      case "start" -> {
        return start(rest);
      }
      default -> {
        err.println("roster: unknown command '" + args[0] + "'. Run 'roster --help' for usage.");
        return USAGE;
      }
    }
  }

  private int start(List<String> args) {
    StartOptions options;
    try {
      options = StartOptions.parse(args);
    } catch (UsageException e) {
      err.println("roster start: " + e.getMessage() + ". Run 'roster start --help' for the options.");
      return USAGE;
    }
    if (options.help()) {
      out.print(HelpText.start());
      return OK;
    }
    RosterConfig config;
    try {
      config = resolver.resolve(options.configFile(), options.values());
    } catch (ConfigException e) {
      err.println("roster: " + e.getMessage());
      return USAGE;
    }
    return launcher.run(config);
  }

  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
