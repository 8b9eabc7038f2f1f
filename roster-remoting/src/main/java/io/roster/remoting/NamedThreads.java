package io.roster.remoting;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.BiConsumer;
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

  /**
   * A single owner thread that can also run delayed tasks (retries, ticks). A task that throws is
   * logged: the executor would otherwise keep the exception in a future nobody reads, and a
   * periodic task would silently stop.
   */
  public static ScheduledExecutorService owner(String name) {
    return new LoggingScheduledExecutor(factory(name));
  }

  /** Wraps a completion callback so that an exception in it is logged instead of lost. */
  public static <T, U> BiConsumer<T, U> logged(String what, BiConsumer<T, U> callback) {
    return (value, error) -> {
      try {
        callback.accept(value, error);
      } catch (RuntimeException e) {
        LOG.error("{} failed", what, e);
      }
    };
  }

  private static final class LoggingScheduledExecutor extends ScheduledThreadPoolExecutor {
    LoggingScheduledExecutor(ThreadFactory factory) {
      super(1, factory);
    }

    @Override
    protected void afterExecute(Runnable task, Throwable thrown) {
      super.afterExecute(task, thrown);
      Throwable failure = thrown;
      if (failure == null && task instanceof Future<?> future && future.isDone() && !future.isCancelled()) {
        try {
          future.get();
        } catch (ExecutionException e) {
          failure = e.getCause();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (failure != null) {
        LOG.error("task on {} failed", Thread.currentThread().getName(), failure);
      }
    }
  }
}
