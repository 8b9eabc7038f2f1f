package io.roster.session;

import io.roster.remoting.http.HttpLimits;
import io.roster.session.accept.ClientAuth;
import io.roster.session.accept.RegistrationLimits;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one session node.
 *
 * @param bindHost where to listen, e.g. {@code 0.0.0.0}
 * @param advertiseHost the host clients and other nodes use to reach this one
 * @param boltPort clients connect here (default 9600; 0 picks a free port)
 * @param httpPort admin HTTP and {@code /api/servers/query} (default 9603; 0 picks a free port)
 * @param metaAddresses bolt {@code host:port} of every meta node
 * @param dataCenter this registry's data center; every push carries it as {@code segment}
 * @param zone the zone (cell) this session serves
 * @param maxPayloadBytes largest publisher payload accepted: the UTF-8 bytes of all its data strings
 * @param maxPublishersPerConnection registrations beyond this on one connection are refused
 * @param heartbeatInterval how often the lease is renewed with meta
 * @param clientHeartbeatInterval how often the session pings each client connection (default 5 s)
 * @param clientHeartbeatMisses unanswered pings in a row after which a connection is closed (default 2)
 * @param pushCheckInterval how often every subscriber's pushed version is compared with the
 *     datum's, and a subscriber that is behind pushed again (default 10 s)
 * @param registrationLimits lengths and counts a client registration may not exceed
 * @param http limits of the HTTP port (request timeout, connections per port and per address)
 * @param clientAuth which access keys may sign registrations; {@link ClientAuth#OFF} checks none
 */
public record SessionConfig(String bindHost, String advertiseHost, int boltPort, int httpPort,
    List<String> metaAddresses, String dataCenter, String zone, int maxPayloadBytes,
    int maxPublishersPerConnection, Duration heartbeatInterval, Duration clientHeartbeatInterval,
    int clientHeartbeatMisses, Duration pushCheckInterval, RegistrationLimits registrationLimits,
    HttpLimits http, ClientAuth clientAuth) {

  public static final int DEFAULT_BOLT_PORT = 9600;
  public static final int DEFAULT_HTTP_PORT = 9603;
  public static final String DEFAULT_DATA_CENTER = "DefaultDataCenter";
  public static final String DEFAULT_ZONE = "DEFAULT_ZONE";
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1 << 20;
  public static final int DEFAULT_MAX_PUBLISHERS_PER_CONNECTION = 100_000;
  public static final Duration DEFAULT_CLIENT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
  public static final int DEFAULT_CLIENT_HEARTBEAT_MISSES = 2;
  public static final Duration DEFAULT_PUSH_CHECK_INTERVAL = Duration.ofSeconds(10);

  public SessionConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(advertiseHost, "advertiseHost");
    metaAddresses = List.copyOf(metaAddresses);
    if (metaAddresses.isEmpty()) {
      throw new IllegalArgumentException("session needs at least one meta address");
    }
    Objects.requireNonNull(dataCenter, "dataCenter");
    Objects.requireNonNull(zone, "zone");
    if (maxPayloadBytes <= 0 || maxPublishersPerConnection <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(clientHeartbeatInterval, "clientHeartbeatInterval");
    if (clientHeartbeatMisses < 1) {
      throw new IllegalArgumentException("clientHeartbeatMisses must be at least 1");
    }
    if (pushCheckInterval.isNegative() || pushCheckInterval.isZero()) {
      throw new IllegalArgumentException("pushCheckInterval must be positive: " + pushCheckInterval);
    }
    Objects.requireNonNull(registrationLimits, "registrationLimits");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(clientAuth, "clientAuth");
  }

  /**
   * With the default client heartbeat (a frozen client is closed within 15 s), push check,
   * registration limits and HTTP limits.
   */
  public SessionConfig(String bindHost, String advertiseHost, int boltPort, int httpPort,
      List<String> metaAddresses, String dataCenter, String zone, int maxPayloadBytes,
      int maxPublishersPerConnection, Duration heartbeatInterval) {
    this(bindHost, advertiseHost, boltPort, httpPort, metaAddresses, dataCenter, zone,
        maxPayloadBytes, maxPublishersPerConnection, heartbeatInterval,
        DEFAULT_CLIENT_HEARTBEAT_INTERVAL, DEFAULT_CLIENT_HEARTBEAT_MISSES, DEFAULT_PUSH_CHECK_INTERVAL,
        RegistrationLimits.DEFAULTS, HttpLimits.defaults(), ClientAuth.OFF);
  }

  /** These settings with another push check interval. */
  public SessionConfig withPushCheckInterval(Duration interval) {
    return new SessionConfig(bindHost, advertiseHost, boltPort, httpPort, metaAddresses, dataCenter,
        zone, maxPayloadBytes, maxPublishersPerConnection, heartbeatInterval, clientHeartbeatInterval,
        clientHeartbeatMisses, interval, registrationLimits, http, clientAuth);
  }

  /** These settings with other registration limits. */
  public SessionConfig withRegistrationLimits(RegistrationLimits limits) {
    return new SessionConfig(bindHost, advertiseHost, boltPort, httpPort, metaAddresses, dataCenter,
        zone, maxPayloadBytes, maxPublishersPerConnection, heartbeatInterval, clientHeartbeatInterval,
        clientHeartbeatMisses, pushCheckInterval, limits, http, clientAuth);
  }

  /** These settings with other HTTP limits. */
  public SessionConfig withHttp(HttpLimits limits) {
    return new SessionConfig(bindHost, advertiseHost, boltPort, httpPort, metaAddresses, dataCenter,
        zone, maxPayloadBytes, maxPublishersPerConnection, heartbeatInterval, clientHeartbeatInterval,
        clientHeartbeatMisses, pushCheckInterval, registrationLimits, limits, clientAuth);
  }

  /** These settings with other client authentication. */
  public SessionConfig withClientAuth(ClientAuth auth) {
    return new SessionConfig(bindHost, advertiseHost, boltPort, httpPort, metaAddresses, dataCenter,
        zone, maxPayloadBytes, maxPublishersPerConnection, heartbeatInterval, clientHeartbeatInterval,
        clientHeartbeatMisses, pushCheckInterval, registrationLimits, http, auth);
  }
}
