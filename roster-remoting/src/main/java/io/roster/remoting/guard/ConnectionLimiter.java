package io.roster.remoting.guard;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the open connections of one server port, in all and per client IP, and says whether one
 * more may open. Called at accept on whichever Netty I/O thread owns the new channel, so it cannot
 * have one owner thread; it is lock-free instead (an atomic total, a concurrent map of per-IP
 * counts whose entries go away with an IP's last connection, so its size is bounded by the open
 * connections).
 */
final class ConnectionLimiter {

  private final int maxTotal;
  private final int maxPerIp;
  private final AtomicInteger total = new AtomicInteger();
  private final Map<InetAddress, Integer> perIp = new ConcurrentHashMap<>();

  ConnectionLimiter(int maxTotal, int maxPerIp) {
    this.maxTotal = maxTotal;
    this.maxPerIp = maxPerIp;
  }

  /** Null if the connection may open (pair with {@link #release}), else why not. */
  String tryAcquire(InetAddress ip) {
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      return "over the limit of " + maxTotal + " connections on this port";
    }
    int now = perIp.merge(ip, 1, Integer::sum);
    if (now > maxPerIp) {
      release(ip);
      return "over the limit of " + maxPerIp + " connections from one IP";
    }
    return null;
  }

  void release(InetAddress ip) {
    perIp.computeIfPresent(ip, (k, n) -> n == 1 ? null : n - 1);
    total.decrementAndGet();
  }

  int open() {
    return total.get();
  }
}
