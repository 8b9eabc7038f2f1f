package io.roster.remoting.http;

import io.roster.remoting.refusal.RefusalLog;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the open connections of one HTTP port, in all and per client address, and says whether
 * one more may open. A refused connection is counted and logged through {@link RefusalLog} (one
 * line per address and reason per interval), so a flood of connections does not flood the log.
 *
 * <p>Called from the port's I/O thread at accept and from close listeners; the counters are
 * atomics, and an address's entry is dropped when its last connection closes, so the map holds
 * only addresses with open connections (at most {@code maxConnections} of them).
 */
final class ConnectionLimits {

  private final int maxConnections;
  private final int maxPerIp;
  private final RefusalLog refusals;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> perIp = new ConcurrentHashMap<>();
  private final LongAdder refused = new LongAdder();

  ConnectionLimits(int maxConnections, int maxPerIp, RefusalLog refusals) {
    this.maxConnections = maxConnections;
    this.maxPerIp = maxPerIp;
    this.refusals = refusals;
  }

  /**
   * Takes a place for a new connection from {@code ip}; false (counted and logged) when a limit
   * is reached. A true answer must be matched by one {@link #release}.
   */
  boolean admit(String ip) {
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      return refuse(ip, "more than " + maxConnections + " open HTTP connections on this port");
    }
    boolean[] admitted = {false};
    perIp.compute(ip, (k, n) -> {
      int count = n == null ? 0 : n;
      admitted[0] = count < maxPerIp;
      return admitted[0] ? count + 1 : n;
    });
    if (!admitted[0]) {
      open.decrementAndGet();
      return refuse(ip, "more than " + maxPerIp + " open HTTP connections from this address");
    }
    return true;
  }

  void release(String ip) {
    perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
    open.decrementAndGet();
  }

  int open() {
    return open.get();
  }

  long refused() {
    return refused.sum();
  }

  private boolean refuse(String ip, String reason) {
    refused.increment();
    refusals.refused(ip, reason);
    return false;
  }
}
