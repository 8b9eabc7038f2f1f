package io.roster.model;

/**
 * The one source of time. Production code asks a {@code Ticker}; tests pass a manual one and
 * advance it instead of sleeping.
 */
public interface Ticker {

  /** Monotonic nanoseconds, for durations and timeouts. */
  long nanoTime();

  /** Wall-clock milliseconds, for datum versions and receive timestamps. */
  long currentTimeMillis();

  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public long currentTimeMillis() {
    return System.currentTimeMillis();
  }
}
