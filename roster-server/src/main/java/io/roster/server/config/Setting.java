package io.roster.server.config;

import io.roster.data.DataConfig;
import io.roster.meta.MetaConfig;
import io.roster.remoting.http.HttpLimits;
import io.roster.remoting.guard.GuardLimits;
import io.roster.session.SessionConfig;
import io.roster.session.accept.ClientAuth;
import io.roster.session.accept.RegistrationLimits;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key Roster understands, with its default, type and help text. This table is
 * the single source for the config file, the environment, system properties, the command line and
 * {@code roster start --help}: a key {@code roster.session.port} is also the environment variable
 * {@code ROSTER_SESSION_PORT}, the system property {@code -Droster.session.port} and the option
 * {@code --session-port}. Defaults of the roles come from their own config records.
 */
public enum Setting {
  ROLES("roster.roles", "meta,data,session", ValueKind.ROLES,
      "Roles this process runs, started in the order meta, data, session."),
  DATA_DIR("roster.data.dir", "./var", ValueKind.PATH,
      "Directory for meta's raft log and snapshots (meta/) and SOFA/bolt internal logs (logs/)."),
  BIND_HOST("roster.bind.host", "127.0.0.1", ValueKind.HOST,
      "Address the client-facing ports (session bolt and HTTP, every admin HTTP port) listen on;"
          + " 0.0.0.0 listens on all interfaces."),
  INTERNAL_BIND_HOST("roster.internal.bind.host", "", ValueKind.OPTIONAL_HOST,
      "Address the members-only ports (meta bolt and raft, data bolt) listen on. Empty: the"
          + " advertise host, the address the other nodes use to reach this one."),
  CLUSTER_SECRET_FILE("roster.cluster.secret.file", "", ValueKind.OPTIONAL_FILE,
      "File holding the secret every node of the cluster shares (at least 16 bytes); links"
          + " between nodes prove they hold it. Empty: a process running every role makes one"
          + " at <data dir>/cluster.secret; any other process refuses to start."),
  TLS_KEYSTORE_FILE("roster.tls.keystore.file", "", ValueKind.OPTIONAL_FILE,
      "PKCS12 file holding this node's TLS private key and certificate chain (one key). Setting"
          + " it turns TLS on for the links between nodes and the meta and data HTTP ports"
          + " (see roster.tls.internal, roster.tls.http). Empty: no TLS."),
  TLS_KEYSTORE_PASSWORD_FILE("roster.tls.keystore.password.file", "", ValueKind.OPTIONAL_FILE,
      "File whose first line is the password of roster.tls.keystore.file (required with it)."),
  TLS_TRUSTSTORE_FILE("roster.tls.truststore.file", "", ValueKind.OPTIONAL_FILE,
      "PKCS12 file holding the CA certificate(s) that sign every node's certificate; a peer"
          + " whose certificate does not chain to one is refused (required with TLS)."),
  TLS_TRUSTSTORE_PASSWORD_FILE("roster.tls.truststore.password.file", "", ValueKind.OPTIONAL_FILE,
      "File whose first line is the password of roster.tls.truststore.file (required with it)."),
  TLS_INTERNAL("roster.tls.internal", "auto", ValueKind.SWITCH,
      "Mutual TLS on the members-only ports (meta bolt and raft, data bolt) and the links that"
          + " dial them. auto: on when roster.tls.keystore.file is set. The session's client bolt"
          + " port is always plain: the official client cannot speak TLS to it."),
  TLS_HTTP("roster.tls.http", "auto", ValueKind.SWITCH,
      "HTTPS on the meta and data admin HTTP ports. auto: on when roster.tls.keystore.file is set."),
  TLS_SESSION_HTTP("roster.tls.session.http", "off", ValueKind.SWITCH,
      "HTTPS on the session's HTTP port. Off by default: the official 6.3.0 client reads its"
          + " server list from http://<endpoint>:<port>/api/servers/query, plain HTTP only."),
  ADVERTISE_HOST("roster.advertise.host", "", ValueKind.OPTIONAL_HOST,
      "Host that clients and other nodes use to reach this process. Empty: the bind host"
          + " (then it must not be a wildcard such as 0.0.0.0)."),
  DATACENTER("roster.datacenter", SessionConfig.DEFAULT_DATA_CENTER, ValueKind.NAME,
      "Data center of this registry; every push carries it as the client's segment."),
  BOLT_MAX_FRAME_BYTES("roster.bolt.max.frame.bytes",
      String.valueOf(GuardLimits.DEFAULT_MAX_FRAME_BYTES), ValueKind.COUNT,
      "Largest bolt frame (header included) any bolt port accepts, at most 1 GiB; a frame declaring"
          + " more closes its connection at its header. The session's client port allows at most"
          + " 2 x roster.session.max.payload.bytes + 1 MiB of it."),
  BOLT_MAX_CONNECTIONS("roster.bolt.max.connections",
      String.valueOf(GuardLimits.DEFAULT_MAX_CONNECTIONS), ValueKind.COUNT,
      "Connections open at once on each bolt port; more are closed at accept."),
  BOLT_MAX_CONNECTIONS_PER_IP("roster.bolt.max.connections.per.ip",
      String.valueOf(GuardLimits.DEFAULT_MAX_CONNECTIONS_PER_IP), ValueKind.COUNT,
      "Connections open at once on each bolt port from one client IP; more are closed at accept."),
  START_TIMEOUT("roster.start.timeout", "30s", ValueKind.DURATION,
      "How often `start` reports the roles not ready yet; it keeps waiting for them (e.g. for a"
          + " meta quorum) and answers 503 on their /health/check meanwhile."),
  HTTP_REQUEST_TIMEOUT("roster.http.request.timeout",
      HttpLimits.DEFAULT_REQUEST_TIMEOUT.toSeconds() + "s", ValueKind.DURATION,
      "Every role's HTTP port: a request's headers and body must arrive within this (and its answer"
          + " be written), else it gets 408 and the connection is closed."),
  HTTP_IDLE_TIMEOUT("roster.http.idle.timeout", HttpLimits.DEFAULT_IDLE_TIMEOUT.toSeconds() + "s",
      ValueKind.DURATION, "Every role's HTTP port: a connection with no request under way is"
          + " closed after this long."),
  HTTP_MAX_CONNECTIONS("roster.http.max.connections",
      String.valueOf(HttpLimits.DEFAULT_MAX_CONNECTIONS), ValueKind.COUNT,
      "Open connections each role's HTTP port allows; more are closed at accept and logged."),
  HTTP_MAX_CONNECTIONS_PER_IP("roster.http.max.connections.per.ip",
      String.valueOf(HttpLimits.DEFAULT_MAX_CONNECTIONS_PER_IP), ValueKind.COUNT,
      "Open connections each role's HTTP port allows from one client address; more are closed at"
          + " accept and logged."),
  META_ADDRESSES("roster.meta.addresses", "", ValueKind.ADDRESSES,
      "Bolt host:port of the meta nodes that data and session report to."
          + " Empty: the meta role of this process (required when it runs no meta)."),
  META_PORT("roster.meta.port", String.valueOf(MetaConfig.DEFAULT_BOLT_PORT), ValueKind.PORT,
      "Meta bolt port: heartbeats from data and session nodes."),
  META_RAFT_PORT("roster.meta.raft.port", String.valueOf(MetaConfig.DEFAULT_RAFT_PORT),
      ValueKind.PORT, "Meta SOFAJRaft port: traffic between meta peers."),
  META_HTTP_PORT("roster.meta.http.port", String.valueOf(MetaConfig.DEFAULT_HTTP_PORT),
      ValueKind.PORT, "Meta admin HTTP port."),
  META_RAFT_PEERS("roster.meta.raft.peers", "", ValueKind.ADDRESSES,
      "host:raftPort of every member of the meta raft group. Empty: a group of this node alone."),
  META_SESSION_LEASE("roster.meta.session.lease", MetaConfig.DEFAULT_SESSION_LEASE.toSeconds() + "s",
      ValueKind.DURATION, "A session whose heartbeats stop for this long is evicted and its"
          + " publishers dropped; long, so a GC pause rarely does, and a session that comes back"
          + " is asked for them again."),
  META_DATA_LEASE("roster.meta.data.lease", MetaConfig.DEFAULT_DATA_LEASE.toSeconds() + "s",
      ValueKind.DURATION, "A data node whose heartbeats stop for this long is evicted and its"
          + " slots move; one whose connection to meta closes is evicted after at most 1s."),
  META_SLOTS("roster.meta.slots", "256", ValueKind.POWER_OF_TWO,
      "Number of data slots (fixed for the life of a cluster)."),
  META_REPLICAS("roster.meta.replicas", "2", ValueKind.COUNT,
      "Copies of each slot on distinct data nodes, leader included."),
  DATA_PORT("roster.data.port", String.valueOf(DataConfig.DEFAULT_BOLT_PORT), ValueKind.PORT,
      "Data bolt port: sessions connect here."),
  DATA_HTTP_PORT("roster.data.http.port", String.valueOf(DataConfig.DEFAULT_HTTP_PORT),
      ValueKind.PORT, "Data admin HTTP port."),
  DATA_HEARTBEAT_INTERVAL("roster.data.heartbeat.interval", "1s", ValueKind.DURATION,
      "How often a data node renews its lease with meta."),
  DATA_SYNC_TIMEOUT("roster.data.sync.timeout", DataConfig.DEFAULT_SYNC_TIMEOUT.toSeconds() + "s",
      ValueKind.DURATION, "How long a data node taking over a slot waits for every live session's"
          + " publishers there; a session that has not finished by then is treated as having none."),
  DATA_CHECK_INTERVAL("roster.data.check.interval",
      DataConfig.DEFAULT_CHECK_INTERVAL.toSeconds() + "s", ValueKind.DURATION,
      "How often, on average, a slot leader compares each follower's copy of the slot, and each"
          + " session's publishers in it, with its own (by digest) and repairs what differs."),
  DATA_STORE_THREADS("roster.data.store.threads", "0", ValueKind.THREADS,
      "Threads a data node splits its slots among (each slot owned by one); 0 means one per core."),
  SESSION_PORT("roster.session.port", String.valueOf(SessionConfig.DEFAULT_BOLT_PORT),
      ValueKind.PORT, "Session bolt port: the official client connects here."),
  SESSION_HTTP_PORT("roster.session.http.port", String.valueOf(SessionConfig.DEFAULT_HTTP_PORT),
      ValueKind.PORT, "Session HTTP port: /api/servers/query (the client's registryEndpointPort)."),
  SESSION_ZONE("roster.session.zone", SessionConfig.DEFAULT_ZONE, ValueKind.NAME,
      "Zone (cell) this session serves."),
  SESSION_MAX_PAYLOAD_BYTES("roster.session.max.payload.bytes",
      String.valueOf(SessionConfig.DEFAULT_MAX_PAYLOAD_BYTES), ValueKind.COUNT,
      "Largest publisher payload accepted; larger registrations are refused."),
  SESSION_MAX_PUBLISHERS_PER_CONNECTION("roster.session.max.publishers.per.connection",
      String.valueOf(SessionConfig.DEFAULT_MAX_PUBLISHERS_PER_CONNECTION), ValueKind.COUNT,
      "Publishers one client connection may register; more are refused."),
  SESSION_MAX_DATAID_LENGTH("roster.session.max.dataid.length",
      String.valueOf(RegistrationLimits.DEFAULT_MAX_DATA_ID_LENGTH), ValueKind.COUNT,
      "Longest dataId (characters) a client may register; longer registrations are refused."),
  SESSION_MAX_GROUP_LENGTH("roster.session.max.group.length",
      String.valueOf(RegistrationLimits.DEFAULT_MAX_NAME_LENGTH), ValueKind.COUNT,
      "Longest group (characters) a client may register; longer registrations are refused."),
  SESSION_MAX_INSTANCEID_LENGTH("roster.session.max.instanceid.length",
      String.valueOf(RegistrationLimits.DEFAULT_MAX_NAME_LENGTH), ValueKind.COUNT,
      "Longest instanceId (characters) a client may register; longer registrations are refused."),
  SESSION_MAX_APPNAME_LENGTH("roster.session.max.appname.length",
      String.valueOf(RegistrationLimits.DEFAULT_MAX_NAME_LENGTH), ValueKind.COUNT,
      "Longest appName (characters) a client may register; longer registrations are refused."),
  SESSION_MAX_ZONE_LENGTH("roster.session.max.zone.length",
      String.valueOf(RegistrationLimits.DEFAULT_MAX_NAME_LENGTH), ValueKind.COUNT,
      "Longest zone (characters) a client may name in a registration; longer ones are refused."),
  SESSION_MAX_REGISTID_LENGTH("roster.session.max.registid.length",
      String.valueOf(RegistrationLimits.DEFAULT_MAX_REGIST_ID_LENGTH), ValueKind.COUNT,
      "Longest registId (characters) accepted; it must also be a UUID, as the official client sends."),
  SESSION_MAX_DATA_ENTRIES("roster.session.max.data.entries",
      String.valueOf(RegistrationLimits.DEFAULT_MAX_DATA_ENTRIES), ValueKind.COUNT,
      "Most entries (null ones included) in one publisher's data list; more are refused."),
  SESSION_MAX_NULL_ENTRIES("roster.session.max.null.entries",
      String.valueOf(RegistrationLimits.DEFAULT_MAX_NULL_ENTRIES), ValueKind.COUNT,
      "Most null entries in one publisher's data list; more are refused."),
  SESSION_AUTH_KEYS_FILE("roster.session.auth.keys.file", "", ValueKind.OPTIONAL_FILE,
      "File of accessKey=secretKey lines; when set, the session accepts only registrations a"
          + " client signed with one of them (RosterAuthManager; see docs/SECURITY.md)."),
  SESSION_AUTH_MAX_SKEW("roster.session.auth.max.skew",
      ClientAuth.DEFAULT_MAX_SKEW.toMinutes() + "m", ValueKind.DURATION,
      "How far a signed registration's signing time may be from the session's clock."),
  SESSION_HEARTBEAT_INTERVAL("roster.session.heartbeat.interval", "1s", ValueKind.DURATION,
      "How often a session renews its lease with meta."),
  SESSION_PUSH_CHECK_INTERVAL("roster.session.push.check.interval",
      SessionConfig.DEFAULT_PUSH_CHECK_INTERVAL.toSeconds() + "s", ValueKind.DURATION,
      "How often a session compares the version last pushed to each subscriber with the datum's"
          + " and pushes again to any that is behind (a push given up after its retries).");

  private static final String PREFIX = "roster.";

  private final String key;
  private final String defaultValue;
  private final ValueKind kind;
  private final String description;

  Setting(String key, String defaultValue, ValueKind kind, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.kind = kind;
    this.description = description;
  }

  /** The config-file key and system property, e.g. {@code roster.session.port}. */
  public String key() {
    return key;
  }

  /** The environment variable, e.g. {@code ROSTER_SESSION_PORT}. */
  public String envName() {
    return key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /** The command-line option, e.g. {@code --session-port}. */
  public String option() {
    return "--" + key.substring(PREFIX.length()).replace('.', '-');
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** Placeholder for the value in help, e.g. {@code PORT}. */
  public String metavar() {
    return kind.metavar();
  }

  ValueKind kind() {
    return kind;
  }

  public static Optional<Setting> byKey(String key) {
    for (Setting s : values()) {
      if (s.key.equals(key)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  public static Optional<Setting> byOption(String option) {
    for (Setting s : values()) {
      if (s.option().equals(option)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
