package io.roster.model;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A process incarnation: changes on every start, so peers tell a restart from a renewal and a
 * late message of the old process from one of the new. Wall-clock milliseconds times 1000, plus a
 * random tail for two starts in the same millisecond.
 */
public final class Incarnations {

  private Incarnations() {}

  public static long next(Ticker ticker) {
    return ticker.currentTimeMillis() * 1000 + ThreadLocalRandom.current().nextInt(1000);
  }
}
