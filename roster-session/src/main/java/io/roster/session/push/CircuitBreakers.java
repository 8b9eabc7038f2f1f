package io.roster.session.push;

import java.util.HashMap;
import java.util.Map;

/**
 * One circuit per client address. After {@code threshold} failed pushes in a row to an address,
 * pushes to it pause for a cool-down that doubles on each further failure (up to a cap); the
 * first push after the pause is the trial, and a success closes the circuit. A sick client host
 * then costs a few pushes per cool-down instead of a retry storm. Owned by the push thread.
 */
final class CircuitBreakers {

  private final int threshold;
  private final long baseCoolDownNanos;
  private final long maxCoolDownNanos;
  private final Map<String, State> byAddress = new HashMap<>();

  CircuitBreakers(int threshold, long baseCoolDownNanos, long maxCoolDownNanos) {
    this.threshold = threshold;
    this.baseCoolDownNanos = baseCoolDownNanos;
    this.maxCoolDownNanos = maxCoolDownNanos;
  }

  /** 0 when pushes to the address may go now, else nanoseconds until they may. */
  long waitNanos(String address, long now) {
    State state = byAddress.get(address);
    if (state == null || state.openUntil == 0) {
      return 0;
    }
    return Math.max(0, state.openUntil - now);
  }

  void succeeded(String address) {
    byAddress.remove(address);
  }

  /** The address has no connection left: forget its history. */
  void forget(String address) {
    byAddress.remove(address);
  }

  int size() {
    return byAddress.size();
  }

  /** Returns true when this failure opened (or re-opened) the circuit. */
  boolean failed(String address, long now) {
    State state = byAddress.computeIfAbsent(address, a -> new State());
    state.failuresInRow++;
    if (state.failuresInRow < threshold) {
      return false;
    }
    int opened = state.failuresInRow - threshold;
    long coolDown = Math.min(maxCoolDownNanos, baseCoolDownNanos << Math.min(opened, 20));
    state.openUntil = now + coolDown;
    return true;
  }

  boolean isOpen(String address, long now) {
    return waitNanos(address, now) > 0;
  }

  private static final class State {
    int failuresInRow;
    long openUntil;
  }
}
