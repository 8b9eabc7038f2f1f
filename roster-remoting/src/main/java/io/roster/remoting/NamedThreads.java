package io.roster.remoting;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  /**
   * Hands a task to an owner thread. Returns false, instead of throwing, when the owner is shut
   * down: the node is stopping and the caller's peer will time out and retry elsewhere.
   */
  public static boolean handOff(Executor owner, Runnable task) {
    try {
      owner.execute(task);
      return true;
    } catch (RejectedExecutionException stopping) {
      return false;
    }
  }

  /** Asks an owner thread for a snapshot of its state, for admin pages; waits at most 2 s. */
  public static String ask(ExecutorService owner, Callable<String> question) {
    try {
      return owner.submit(question).get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unavailable: interrupted\n";
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      return "unavailable: " + e + "\n";
    }
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
