package io.roster.it.support;

import java.time.Duration;

/**
 * How long a fault lasts: a duration the test chooses (a node stays down or frozen that long),
 * not a wait for something to happen; those use {@code Await}.
 */
public final class FaultLength {

  private FaultLength() {}

  public static void hold(Duration length) {
    try {
      Thread.sleep(length.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
