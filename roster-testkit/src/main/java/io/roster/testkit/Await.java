package io.roster.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A tiny polling wait with a deadline, for the testkit's own main code (Awaitility is a test-only
 * dependency). It polls a condition every few milliseconds and, when the deadline passes, fails
 * with a message that says what was awaited, for how long, and the last error the condition threw.
 */
public final class Await {

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private Await() {}

  /** Waits until {@code condition} is true. Exceptions thrown by the condition count as false. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    value(what, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
  }

  /**
   * Waits until {@code supplier} returns a non-null value and returns it. Exceptions thrown by the
   * supplier count as "not yet"; the last one is attached to the timeout.
   */
  public static <T> T value(String what, Duration timeout, Supplier<T> supplier) {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(timeout, "timeout");
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    RuntimeException lastError = null;
    while (true) {
      try {
        T value = supplier.get();
        if (value != null) {
          return value;
        }
      } catch (RuntimeException e) {
        lastError = e;
      }
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        throw new Timeout(what, Duration.ofNanos(now - start), lastError);
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new Timeout(what + " (interrupted)", Duration.ofNanos(now - start), lastError);
      }
      LockSupport.parkNanos(Math.min(POLL_NANOS, deadline - now));
    }
  }

  /** The condition did not hold within the deadline. */
  public static final class Timeout extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Timeout(String what, Duration waited, Throwable lastError) {
      super("timed out after " + waited.toMillis() + " ms waiting for: " + what
          + (lastError == null ? "" : " (last error: " + lastError + ")"), lastError);
    }
  }
}
