package io.roster.model;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Ticker} that moves only when told to: tests advance it instead of sleeping. */
public final class ManualTicker implements Ticker {

  private final AtomicLong nanos = new AtomicLong();
  private final AtomicLong millis;

  public ManualTicker(long startMillis) {
    this.millis = new AtomicLong(startMillis);
  }

  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
    millis.addAndGet(duration.toMillis());
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public long currentTimeMillis() {
    return millis.get();
  }
}
