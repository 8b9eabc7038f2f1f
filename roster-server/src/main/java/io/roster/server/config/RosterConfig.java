package io.roster.server.config;

import io.roster.data.DataConfig;
import io.roster.meta.MetaConfig;
import io.roster.remoting.http.HttpLimits;
import io.roster.remoting.guard.GuardLimits;
import io.roster.session.SessionConfig;
import io.roster.session.accept.RegistrationLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The resolved configuration of one Roster process: which roles it runs and the immutable config
 * record of each role. Built by {@link ConfigResolver}; every value has been validated.
 *
 * <p>The data and session records carry the meta addresses known at configuration time (the
 * configured {@code roster.meta.addresses}, or this process's meta at its configured port). When
 * meta runs here and its port is chosen at bind time, the launcher re-targets them with
 * {@link #dataFor} and {@link #sessionFor}.
 *
 * @param roles the roles to run, in start order
 * @param dataDir root of everything this process writes
 * @param startTimeout how long start waits for every role to report ready
 * @param metaAddresses the configured meta bolt addresses; empty means this process's meta
 * @param bolt what every bolt port of this process accepts (the session narrows the frame size)
 */
public record RosterConfig(Set<RoleName> roles, Path dataDir, Duration startTimeout,
    List<String> metaAddresses, MetaConfig meta, DataConfig data, SessionConfig session,
    LinkConfig links, GuardLimits bolt) {

  private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]", "*");

  public RosterConfig {
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("no roles");
    }
    roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(startTimeout, "startTimeout");
    metaAddresses = List.copyOf(metaAddresses);
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(links, "links");
    Objects.requireNonNull(bolt, "bolt");
  }

  public boolean runs(RoleName role) {
    return roles.contains(role);
  }

  /** Where SOFA/bolt internal logs go ({@code logging.path}). */
  public Path logsDir() {
    return dataDir.resolve("logs");
  }

  /** The data config, reporting to the given meta nodes. */
  public DataConfig dataFor(List<String> metaNodes) {
    return new DataConfig(data.bindHost(), data.advertiseHost(), data.boltPort(), data.httpPort(),
        metaNodes, data.heartbeatInterval(), data.syncTimeout(), data.checkInterval(),
        data.storeThreads(), data.http());
  }

  /** The session config, reporting to the given meta nodes. */
  public SessionConfig sessionFor(List<String> metaNodes) {
    return new SessionConfig(session.bindHost(), session.advertiseHost(), session.boltPort(),
        session.httpPort(), metaNodes, session.dataCenter(), session.zone(),
        session.maxPayloadBytes(), session.maxPublishersPerConnection(),
        session.heartbeatInterval()).withPushCheckInterval(session.pushCheckInterval())
        .withRegistrationLimits(session.registrationLimits()).withHttp(session.http())
        .withClientAuth(session.clientAuth());
  }

  /** Builds the records from validated settings; cross-key rules are checked here. */
  static RosterConfig from(Settings s) {
    s.validateAll();
    Set<RoleName> roles = s.roles(Setting.ROLES);
    String bind = s.text(Setting.BIND_HOST);
    String advertise = advertiseHost(s, bind);
    Path dataDir = s.path(Setting.DATA_DIR);
    List<String> configuredMetas = s.list(Setting.META_ADDRESSES);
    if (configuredMetas.isEmpty() && !roles.contains(RoleName.META)) {
      Settings.Value v = s.value(Setting.META_ADDRESSES);
      throw ConfigException.invalid(Setting.META_ADDRESSES, v.raw(), v.source(),
          "the meta nodes' bolt host:port, because " + Setting.ROLES.key() + " has no meta");
    }
    List<String> metas = configuredMetas.isEmpty()
        ? List.of(advertise + ":" + s.integer(Setting.META_PORT)) : configuredMetas;
    HttpLimits http = new HttpLimits(s.duration(Setting.HTTP_REQUEST_TIMEOUT),
        s.duration(Setting.HTTP_IDLE_TIMEOUT), s.integer(Setting.HTTP_MAX_CONNECTIONS),
        s.integer(Setting.HTTP_MAX_CONNECTIONS_PER_IP));
    try {
      MetaConfig meta = new MetaConfig(bind, advertise, s.integer(Setting.META_PORT),
          s.integer(Setting.META_RAFT_PORT), s.integer(Setting.META_HTTP_PORT),
          dataDir.resolve("meta"), s.list(Setting.META_RAFT_PEERS),
          s.duration(Setting.META_SESSION_LEASE), s.duration(Setting.META_DATA_LEASE),
          s.integer(Setting.META_SLOTS),
          s.integer(Setting.META_REPLICAS)).withHttp(http);
      DataConfig data = new DataConfig(bind, advertise, s.integer(Setting.DATA_PORT),
          s.integer(Setting.DATA_HTTP_PORT), metas, s.duration(Setting.DATA_HEARTBEAT_INTERVAL),
          s.duration(Setting.DATA_SYNC_TIMEOUT), s.duration(Setting.DATA_CHECK_INTERVAL),
          s.integer(Setting.DATA_STORE_THREADS)).withHttp(http);
      SessionConfig session = new SessionConfig(bind, advertise, s.integer(Setting.SESSION_PORT),
          s.integer(Setting.SESSION_HTTP_PORT), metas, s.text(Setting.DATACENTER),
          s.text(Setting.SESSION_ZONE), s.integer(Setting.SESSION_MAX_PAYLOAD_BYTES),
          s.integer(Setting.SESSION_MAX_PUBLISHERS_PER_CONNECTION),
          s.duration(Setting.SESSION_HEARTBEAT_INTERVAL))
          .withPushCheckInterval(s.duration(Setting.SESSION_PUSH_CHECK_INTERVAL))
          .withRegistrationLimits(registrationLimits(s)).withHttp(http)
          .withClientAuth(ClientKeysFile.read(s));
      long frame = s.integer(Setting.BOLT_MAX_FRAME_BYTES);
      if (frame < 64 || frame > GuardLimits.MAX_FRAME_CEILING) {
        Settings.Value v = s.value(Setting.BOLT_MAX_FRAME_BYTES);
        throw ConfigException.invalid(Setting.BOLT_MAX_FRAME_BYTES, v.raw(), v.source(),
            "a frame size from 64 to " + GuardLimits.MAX_FRAME_CEILING + " (1 GiB)");
      }
      GuardLimits bolt = new GuardLimits(frame,
          s.integer(Setting.BOLT_MAX_CONNECTIONS), s.integer(Setting.BOLT_MAX_CONNECTIONS_PER_IP));
      return new RosterConfig(roles, dataDir, s.duration(Setting.START_TIMEOUT), configuredMetas,
          meta, data, session, links(s, roles, dataDir, advertise), bolt);
    } catch (IllegalArgumentException e) {
      // A rule of a role's own record that the key table did not anticipate.
      throw new ConfigException("invalid configuration: " + e.getMessage());
    }
  }

  /**
   * A process that runs every role may make its own secret: its links stay inside it. Any other
   * process talks to nodes elsewhere, which must share one secret, so it must be given it.
   */
  private static LinkConfig links(Settings s, Set<RoleName> roles, Path dataDir, String advertise) {
    String internal = s.text(Setting.INTERNAL_BIND_HOST);
    String bindHost = internal.isEmpty() ? advertise : internal;
    String file = s.text(Setting.CLUSTER_SECRET_FILE);
    if (!file.isEmpty()) {
      return new LinkConfig(Path.of(file), false, bindHost, TlsConfig.from(s));
    }
    if (roles.containsAll(EnumSet.allOf(RoleName.class))) {
      return new LinkConfig(dataDir.resolve(LinkConfig.GENERATED_FILE), true, bindHost,
          TlsConfig.from(s));
    }
    throw new ConfigException(Setting.CLUSTER_SECRET_FILE.key() + " is not set: a node that runs"
        + " " + s.value(Setting.ROLES).raw() + " links to nodes in other processes, and every link must"
        + " prove it holds the cluster's shared secret; " + LinkConfig.HOW_TO_MAKE);
  }

  private static RegistrationLimits registrationLimits(Settings s) {
    return new RegistrationLimits(s.integer(Setting.SESSION_MAX_DATAID_LENGTH),
        s.integer(Setting.SESSION_MAX_GROUP_LENGTH), s.integer(Setting.SESSION_MAX_INSTANCEID_LENGTH),
        s.integer(Setting.SESSION_MAX_APPNAME_LENGTH), s.integer(Setting.SESSION_MAX_ZONE_LENGTH),
        s.integer(Setting.SESSION_MAX_REGISTID_LENGTH), s.integer(Setting.SESSION_MAX_DATA_ENTRIES),
        s.integer(Setting.SESSION_MAX_NULL_ENTRIES));
  }

  private static String advertiseHost(Settings s, String bind) {
    String advertise = s.text(Setting.ADVERTISE_HOST);
    if (!advertise.isEmpty()) {
      return advertise;
    }
    if (WILDCARDS.contains(bind)) {
      Settings.Value v = s.value(Setting.ADVERTISE_HOST);
      throw ConfigException.invalid(Setting.ADVERTISE_HOST, v.raw(), v.source(),
          "a host clients can reach, because " + Setting.BIND_HOST.key() + "=" + bind
              + " listens on every interface");
    }
    return bind;
  }
}
