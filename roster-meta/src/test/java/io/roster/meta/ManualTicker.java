package io.roster.meta;

import io.roster.model.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Ticker} that moves only when a test advances it. */
public final class ManualTicker implements Ticker {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public long currentTimeMillis() {
    return millis.get();
  }

  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
    millis.addAndGet(duration.toMillis());
  }
}
