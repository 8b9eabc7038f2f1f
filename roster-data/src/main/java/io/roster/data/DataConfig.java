package io.roster.data;

import io.roster.remoting.http.HttpLimits;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one data node.
 *
 * @param bindHost where to listen, e.g. {@code 0.0.0.0}
 * @param advertiseHost the host other nodes use to reach this one
 * @param boltPort sessions connect here (default 9620; 0 picks a free port)
 * @param httpPort admin HTTP (default 9622; 0 picks a free port)
 * @param metaAddresses bolt {@code host:port} of every meta node
 * @param heartbeatInterval how often the lease is renewed with meta
 * @param syncTimeout how long a slot this node takes over waits for every live session's
 *     publishers before it serves without the sessions that have not finished
 * @param checkInterval how often, on average, a slot leader compares each streaming
 *     follower's replica, and each session's publishers in the slot, with its own and repairs
 *     what differs
 * @param storeThreads how many threads the slots are split among, each slot owned by one
 *     (SlotMap#threadOf); 0 means one per available core, at most
 *     {@link #MAX_STORE_THREADS}
 * @param http limits of the admin HTTP port
 */
public record DataConfig(String bindHost, String advertiseHost, int boltPort, int httpPort,
    List<String> metaAddresses, Duration heartbeatInterval, Duration syncTimeout,
    Duration checkInterval, int storeThreads, HttpLimits http) {

  /** More store threads than this rarely helps: a node's writes arrive on few connections. */
  public static final int MAX_STORE_THREADS = 8;

  public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(30);

  public static final int DEFAULT_BOLT_PORT = 9620;
  public static final int DEFAULT_HTTP_PORT = 9622;

  public DataConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(advertiseHost, "advertiseHost");
    metaAddresses = List.copyOf(metaAddresses);
    if (metaAddresses.isEmpty()) {
      throw new IllegalArgumentException("data needs at least one meta address");
    }
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(syncTimeout, "syncTimeout");
    if (checkInterval.isNegative() || checkInterval.isZero()) {
      throw new IllegalArgumentException("checkInterval must be positive: " + checkInterval);
    }
    if (storeThreads < 0 || storeThreads > MAX_STORE_THREADS) {
      throw new IllegalArgumentException("storeThreads must be 0 (one per core) to " + MAX_STORE_THREADS
          + ": " + storeThreads);
    }
    Objects.requireNonNull(http, "http");
  }

  /** Settings with the default HTTP limits. */
  public DataConfig(String bindHost, String advertiseHost, int boltPort, int httpPort,
      List<String> metaAddresses, Duration heartbeatInterval, Duration syncTimeout,
      Duration checkInterval, int storeThreads) {
    this(bindHost, advertiseHost, boltPort, httpPort, metaAddresses, heartbeatInterval, syncTimeout,
        checkInterval, storeThreads, HttpLimits.defaults());
  }

  /** These settings with other HTTP limits. */
  public DataConfig withHttp(HttpLimits limits) {
    return new DataConfig(bindHost, advertiseHost, boltPort, httpPort, metaAddresses,
        heartbeatInterval, syncTimeout, checkInterval, storeThreads, limits);
  }

  /** Settings with one store thread per core. */
  public DataConfig(String bindHost, String advertiseHost, int boltPort, int httpPort,
      List<String> metaAddresses, Duration heartbeatInterval, Duration syncTimeout,
      Duration checkInterval) {
    this(bindHost, advertiseHost, boltPort, httpPort, metaAddresses, heartbeatInterval, syncTimeout,
        checkInterval, 0);
  }

  /** The number of store threads to run: {@link #storeThreads}, with 0 resolved on this machine. */
  public int resolvedStoreThreads() {
    return storeThreads > 0 ? storeThreads
        : Math.max(1, Math.min(MAX_STORE_THREADS, Runtime.getRuntime().availableProcessors()));
  }
}
