package io.roster.server.launch;

import io.roster.model.Ticker;
import io.roster.server.config.ConfigException;
import io.roster.server.config.RosterConfig;
import io.roster.remoting.link.ClusterLinks;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code roster start} in the foreground: starts a {@link RosterNode}, prints the ready line, and
 * blocks until Ctrl-C or SIGTERM, whose shutdown hook stops the roles in reverse order. While a
 * role is not ready (no meta quorum yet) it keeps waiting, and says so on standard error every
 * {@code roster.start.timeout}; it exits 1 only when a role fails to start.
 *
 * <p>Before any role is created it sets bolt's logging properties ({@link SofaLogging}), e.g.
 * {@code logging.path=<data dir>/logs} so that nothing is written under {@code ~/logs}.
 */
public final class ForegroundLauncher implements Launcher {

  private static final Logger LOG = LoggerFactory.getLogger(ForegroundLauncher.class);
  /** System property: when the launcher script started, in epoch milliseconds. */
  static final String LAUNCHED_AT = "roster.launched.at";

  private final PrintStream out;
  private final PrintStream err;
  private final Ticker ticker;

  public ForegroundLauncher(PrintStream out, PrintStream err, Ticker ticker) {
    this.out = out;
    this.err = err;
    this.ticker = ticker;
  }

  @Override
  public int run(RosterConfig config) {
    try {
      Files.createDirectories(config.logsDir());
    } catch (IOException e) {
      err.println("roster: cannot create data dir " + config.dataDir() + ": " + e);
      return 1;
    }
    SofaLogging.configure(config.logsDir());
    ClusterLinks links;
    try {
      links = config.links().open();
    } catch (ConfigException e) {
      err.println("roster: " + e.getMessage());
      return 1;
    }
    LOG.info("cluster secret {} ({}); members-only ports listen on {}", config.links().secretFile(),
        links.key(), links.bindHost());
    RosterNode node = new RosterNode(config, new ServerRoles(ticker, links, config.bolt()), ticker);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      LOG.info("shutting down");
      node.close();
      LOG.info("Roster stopped");
      stopped.countDown();
    }, "roster-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    exitCleanlyOnStopSignals();
    try {
      node.start(line -> {
        err.println("roster: " + line);
        err.flush();
      });
    } catch (RuntimeException e) {
      if (e.getCause() != null || !(e instanceof StartupException)) {
        LOG.error("start failed", e); // a role crashed: its stack trace helps
      }
      err.println("roster: start failed: "
          + (e instanceof StartupException ? e.getMessage() : e.toString()));
      forget(hook); // the node is already stopped
      return 1;
    }
    out.println(ReadyLine.format(millisSinceLaunch(), node.roles(), config.dataDir()));
    out.flush();
    awaitStop(stopped);
    return 0;
  }

  /**
   * Since {@code ./roster} was launched ({@value #LAUNCHED_AT}, epoch millis, set by the script),
   * else since this JVM started.
   */
  private long millisSinceLaunch() {
    long launchedAt;
    try {
      launchedAt = Long.parseLong(System.getProperty(LAUNCHED_AT, ""));
    } catch (NumberFormatException e) {
      launchedAt = ManagementFactory.getRuntimeMXBean().getStartTime();
    }
    return ticker.currentTimeMillis() - launchedAt;
  }

  /**
   * SIGTERM and Ctrl-C are how a foreground node is meant to stop, so they end it with status 0
   * (the JVM's own handlers exit 143 and 130): the shutdown hook still closes every role first.
   */
  @SuppressWarnings("sunapi") // the JDK's only way to catch a signal; jdk.unsupported keeps it
  private static void exitCleanlyOnStopSignals() {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(0));
      } catch (IllegalArgumentException e) {
        LOG.debug("cannot handle SIG{} here: {}", name, e.getMessage());
      }
    }
  }

  private static void forget(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down (Ctrl-C during start): the hook is running.
    }
  }

  private static void awaitStop(CountDownLatch stopped) {
    while (true) {
      try {
        stopped.await();
        return;
      } catch (InterruptedException e) {
        // Only the shutdown hook ends a foreground run.
      }
    }
  }
}
