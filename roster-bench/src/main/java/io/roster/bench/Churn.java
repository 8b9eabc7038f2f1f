package io.roster.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The background writer of the data fault: registrations keep arriving while slots change
 * leaders, as they do in production. While running it makes one change every {@link #TICK_MS},
 * round-robin over the dataIds: mostly a republish of one of its first publishers (one per
 * dataId), every fifth a fresh publisher. Only those first ones are ever republished, so a value
 * of a later publisher (a {@link #burst} or a fresh one) stays live and must reach every
 * subscriber. While it runs, its publishers are driven only from its own thread, {@link #burst}
 * included.
 */
final class Churn implements AutoCloseable {

  static final long TICK_MS = 100;

  private final CheckedPublishers publishers;
  private final List<String> dataIds;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bench-churn");
    t.setDaemon(true);
    return t;
  });
  private ScheduledFuture<?> ticking;
  private volatile long ticks;
  private volatile String tag = "churn";

  /** {@code publishers} already holds one publisher per dataId. */
  Churn(CheckedPublishers publishers, List<String> dataIds) {
    this.publishers = publishers;
    this.dataIds = List.copyOf(dataIds);
  }

  /** Starts ticking; {@code roundTag} makes this round's values unique. */
  void start(String roundTag) {
    tag = roundTag;
    ticking = thread.scheduleAtFixedRate(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
  }

  void stop() {
    if (ticking != null) {
      ticking.cancel(false);
      ticking = null;
    }
  }

  /** Registers a fresh publisher on every dataId at once, on the churn thread; returns their values. */
  List<String> burst(String burstTag) {
    try {
      return thread.submit(() -> {
        List<String> values = new ArrayList<>();
        for (String dataId : dataIds) {
          String value = burstTag + "-" + values.size() + "-" + publishers.client().name();
          publishers.publish(dataId, value);
          values.add(value);
        }
        return values;
      }).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("churn burst failed", e);
    }
  }

  /** Changes made so far (ticks, not counting bursts). */
  long ticks() {
    return ticks;
  }

  private void tick() {
    long n = ticks++;
    String dataId = dataIds.get((int) (n % dataIds.size()));
    if (n % 5 == 4) {
      publishers.publish(dataId, tag + "-new" + n + "-" + publishers.client().name());
    } else {
      publishers.republish((int) (n % dataIds.size()), tag + "-t" + n);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
