package io.roster.remoting;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-thread executors with a name, so thread dumps and {@code docs/CONCURRENCY.md} agree on
 * who owns what. Uncaught exceptions are logged rather than silently killing the owner thread.
 */
public final class NamedThreads {

  private static final Logger LOG = LoggerFactory.getLogger(NamedThreads.class);

  private NamedThreads() {}

  public static ThreadFactory factory(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      thread.setUncaughtExceptionHandler((t, e) -> LOG.error("uncaught in {}", t.getName(), e));
      return thread;
    };
  }

  /** A single owner thread that can also run delayed tasks (retries, ticks). */
  public static ScheduledExecutorService owner(String name) {
    return Executors.newSingleThreadScheduledExecutor(factory(name));
  }
}
