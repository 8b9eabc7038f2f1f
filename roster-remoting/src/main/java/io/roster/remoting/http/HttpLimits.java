package io.roster.remoting.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How much one {@link HttpHost} lets its clients hold. An HTTP port is reached by the official
 * client (the session's {@code /api/servers/query}) and by orchestrators' health checks, so a slow
 * or hostile client must not be able to keep it busy: every request must arrive whole within
 * {@code requestTimeout}, an idle keep-alive connection is closed after {@code idleTimeout}, and
 * connections are capped per port and per client address. The defaults are generous enough for
 * tests and benches that run everything on 127.0.0.1.
 *
 * @param requestTimeout from the first byte of a request until its headers and body have arrived
 *     (and, once answered, until the answer is written); else 408 and the connection is closed
 * @param idleTimeout a connection with no request under way is closed after this long
 * @param maxConnections open HTTP connections on this port; more are closed at accept
 * @param maxConnectionsPerIp open HTTP connections from one client address; more are closed at accept
 * @param handlerThreads threads that run routes (routes may block, e.g. meta's leader proxy)
 * @param handlerQueue requests that may wait for a handler thread; beyond it the answer is 503
 */
public record HttpLimits(Duration requestTimeout, Duration idleTimeout, int maxConnections,
    int maxConnectionsPerIp, int handlerThreads, int handlerQueue) {

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONNECTIONS = 2048;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 512;
  public static final int DEFAULT_HANDLER_THREADS = 4;
  public static final int DEFAULT_HANDLER_QUEUE = 64;

  public HttpLimits {
    positive("requestTimeout", requestTimeout);
    positive("idleTimeout", idleTimeout);
    if (maxConnections < 1 || maxConnectionsPerIp < 1 || handlerThreads < 1 || handlerQueue < 1) {
      throw new IllegalArgumentException("HTTP limits must be at least 1: " + maxConnections + ", "
          + maxConnectionsPerIp + ", " + handlerThreads + ", " + handlerQueue);
    }
  }

  /** The configurable limits, with the default handler pool. */
  public HttpLimits(Duration requestTimeout, Duration idleTimeout, int maxConnections,
      int maxConnectionsPerIp) {
    this(requestTimeout, idleTimeout, maxConnections, maxConnectionsPerIp, DEFAULT_HANDLER_THREADS,
        DEFAULT_HANDLER_QUEUE);
  }

  public static HttpLimits defaults() {
    return new HttpLimits(DEFAULT_REQUEST_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS,
        DEFAULT_MAX_CONNECTIONS_PER_IP);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
