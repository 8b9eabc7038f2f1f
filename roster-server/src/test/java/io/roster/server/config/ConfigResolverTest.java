package io.roster.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roster.session.accept.ClientAuth;
import io.roster.session.accept.RegistrationLimits;
import io.roster.remoting.http.HttpLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigResolverTest {

  @TempDir
  Path dir;

  private final Map<String, String> env = new HashMap<>();
  private final Properties sys = new Properties();
  private final Map<Setting, String> options = new HashMap<>();

  private RosterConfig resolve() {
    return resolve(Optional.empty());
  }

  private RosterConfig resolve(Optional<Path> file) {
    return new ConfigResolver(env, sys, dir).resolve(file, options);
  }

  private void writeConf(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text);
  }

  @Test
  void defaultsMatchTheSofaRegistryPortsAndRunAllRoles() {
    RosterConfig c = resolve();

    assertThat(c.roles()).containsExactly(RoleName.META, RoleName.DATA, RoleName.SESSION);
    assertThat(c.dataDir()).isEqualTo(Path.of("./var"));
    assertThat(c.session().boltPort()).isEqualTo(9600);
    assertThat(c.session().httpPort()).isEqualTo(9603);
    assertThat(c.data().boltPort()).isEqualTo(9620);
    assertThat(c.data().httpPort()).isEqualTo(9622);
    assertThat(c.meta().boltPort()).isEqualTo(9612);
    assertThat(c.meta().raftPort()).isEqualTo(9614);
    assertThat(c.meta().httpPort()).isEqualTo(9615);
    assertThat(c.meta().dataDir()).isEqualTo(Path.of("./var/meta"));
    assertThat(c.meta().raftPeers()).isEmpty();
    assertThat(c.meta().sessionLease()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.meta().slotCount()).isEqualTo(256);
    assertThat(c.meta().replicas()).isEqualTo(2);
    assertThat(c.session().dataCenter()).isEqualTo("DefaultDataCenter");
    assertThat(c.session().zone()).isEqualTo("DEFAULT_ZONE");
    assertThat(c.session().advertiseHost()).isEqualTo("127.0.0.1");
    assertThat(c.metaAddresses()).isEmpty();
    assertThat(c.session().metaAddresses()).containsExactly("127.0.0.1:9612");
    assertThat(c.data().metaAddresses()).containsExactly("127.0.0.1:9612");
    assertThat(c.startTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void httpLimitsReachEveryRoleAndSurviveRetargeting() {
    env.put("ROSTER_HTTP_REQUEST_TIMEOUT", "3s");
    env.put("ROSTER_HTTP_IDLE_TIMEOUT", "4s");
    options.put(Setting.HTTP_MAX_CONNECTIONS, "99");
    options.put(Setting.HTTP_MAX_CONNECTIONS_PER_IP, "7");

    RosterConfig c = resolve();

    HttpLimits expected = new HttpLimits(Duration.ofSeconds(3), Duration.ofSeconds(4), 99, 7);
    assertThat(List.of(c.meta().http(), c.data().http(), c.session().http()))
        .containsOnly(expected);
    assertThat(c.dataFor(List.of("10.0.0.1:9612")).http()).isEqualTo(expected);
    assertThat(c.sessionFor(List.of("10.0.0.1:9612")).http()).isEqualTo(expected);
    assertThat(resolveDefaults().session().http()).isEqualTo(HttpLimits.defaults());
  }

  private RosterConfig resolveDefaults() {
    return new ConfigResolver(Map.of(), new Properties(), dir).resolve(Optional.empty(), Map.of());
  }

  @Test
  void eachLayerOverridesTheOneBefore() throws IOException {
    writeConf("roster.conf", "roster.session.port=1001\nroster.data.port=1001\n"
        + "roster.meta.port=1001\nroster.meta.http.port=1001\n");
    env.put("ROSTER_DATA_PORT", "1002");
    env.put("ROSTER_META_PORT", "1002");
    env.put("ROSTER_META_HTTP_PORT", "1002");
    sys.setProperty("roster.meta.port", "1003");
    sys.setProperty("roster.meta.http.port", "1003");
    options.put(Setting.META_HTTP_PORT, "1004");

    RosterConfig c = resolve();

    assertThat(c.session().boltPort()).as("file over default").isEqualTo(1001);
    assertThat(c.data().boltPort()).as("environment over file").isEqualTo(1002);
    assertThat(c.meta().boltPort()).as("system property over environment").isEqualTo(1003);
    assertThat(c.meta().httpPort()).as("option over system property").isEqualTo(1004);
    assertThat(c.session().httpPort()).as("untouched default").isEqualTo(9603);
  }

  @Test
  void registrationLimitsReachTheSessionRecordAndSurviveRetargeting() throws IOException {
    assertThat(resolve().session().registrationLimits()).isEqualTo(RegistrationLimits.DEFAULTS);
    writeConf("roster.conf", "roster.session.max.dataid.length=100\n"
        + "roster.session.max.group.length=101\nroster.session.max.instanceid.length=102\n"
        + "roster.session.max.appname.length=103\nroster.session.max.zone.length=104\n"
        + "roster.session.max.registid.length=105\nroster.session.max.data.entries=106\n");
    env.put("ROSTER_SESSION_MAX_NULL_ENTRIES", "107");

    RosterConfig c = resolve();

    RegistrationLimits expected = new RegistrationLimits(100, 101, 102, 103, 104, 105, 106, 107);
    assertThat(c.session().registrationLimits()).isEqualTo(expected);
    assertThat(c.sessionFor(List.of("127.0.0.1:1")).registrationLimits()).isEqualTo(expected);
  }

  @Test
  void clientKeysReachTheSessionRecordAndSurviveRetargeting() throws IOException {
    assertThat(resolve().session().clientAuth()).isEqualTo(ClientAuth.OFF);
    Path keys = dir.resolve("client.keys");
    Files.writeString(keys, "# access key = secret key\n\norders = s3cret\nbilling=an=other\n");
    writeConf("roster.conf", "roster.session.auth.keys.file=" + keys + "\n"
        + "roster.session.auth.max.skew=90s\n");

    RosterConfig c = resolve();

    ClientAuth expected = new ClientAuth(Map.of("orders", "s3cret", "billing", "an=other"),
        Duration.ofSeconds(90));
    assertThat(c.session().clientAuth()).isEqualTo(expected);
    assertThat(c.sessionFor(List.of("127.0.0.1:1")).clientAuth()).isEqualTo(expected);
    assertThat(c.session().clientAuth().toString()).doesNotContain("s3cret");
  }

  @Test
  void aFlawedClientKeysFileStopsTheStartNamingTheKeyAndLineButNoSecret() throws IOException {
    Path keys = dir.resolve("client.keys");
    options.put(Setting.SESSION_AUTH_KEYS_FILE, keys.toString());
    assertThatThrownBy(this::resolve).isInstanceOf(ConfigException.class)
        .hasMessageContaining("roster.session.auth.keys.file").hasMessageContaining("cannot be read");

    Files.writeString(keys, "orders=s3cret\njust-a-secret-s3cret\n");
    assertThatThrownBy(this::resolve).isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 2").hasMessageNotContaining("s3cret");

    Files.writeString(keys, "orders=s3cret\norders=other\n");
    assertThatThrownBy(this::resolve).hasMessageContaining("a second time");

    Files.writeString(keys, "# nothing\n");
    assertThatThrownBy(this::resolve).hasMessageContaining("no accessKey=secretKey");
  }

  @Test
  void explicitConfigFileReplacesTheDefaultFile() throws IOException {
    writeConf("roster.conf", "roster.session.zone=FROM_DEFAULT_FILE\n");
    writeConf("other.conf", "# comment\nroster.session.zone = FROM_OTHER \n");

    RosterConfig c = resolve(Optional.of(Path.of("other.conf")));

    assertThat(c.session().zone()).isEqualTo("FROM_OTHER");
  }

  @Test
  void missingExplicitConfigFileIsAnError() {
    assertThatThrownBy(() -> resolve(Optional.of(Path.of("nope.conf"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config file not found")
        .hasMessageContaining("nope.conf");
  }

  @Test
  void unknownKeyInConfigFileIsAnError() throws IOException {
    writeConf("roster.conf", "roster.sesion.port=9600\n");

    assertThatThrownBy(this::resolve)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'roster.sesion.port'")
        .hasMessageContaining("roster.conf");
  }

  @Test
  void theLauncherScriptsOwnNamesAndUnrelatedOnesAreNotSettingsButAllowed() {
    env.put("ROSTER_JAVA_OPTS", "-Xmx1g");
    env.put("ROSTER_SKIP_BUILD", "1");
    env.put("PATH", "/usr/bin");
    sys.setProperty("roster.launched.at", "1");
    sys.setProperty("java.version", "17");

    assertThat(resolve().session().boltPort()).isEqualTo(9600);
  }

  @Test
  void aMisspelledEnvironmentVariableIsAnErrorNamingTheNearestKey() {
    env.put("ROSTER_SESION_PORT", "9601");

    assertThatThrownBy(this::resolve).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown environment variable ROSTER_SESION_PORT; did you mean"
            + " ROSTER_SESSION_PORT?");
  }

  @Test
  void aMisspelledSystemPropertyIsAnErrorNamingTheNearestKey() {
    sys.setProperty("roster.session.prot", "9601");

    assertThatThrownBy(this::resolve).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown system property -Droster.session.prot; did you mean"
            + " roster.session.port?");

    sys.remove("roster.session.prot");
    sys.setProperty("roster.nothing.like.it.at.all", "x");
    assertThatThrownBy(this::resolve).hasMessageStartingWith(
        "unknown system property -Droster.nothing.like.it.at.all (run");
  }

  @Test
  void invalidValueNamesKeyValueAndSource() {
    env.put("ROSTER_SESSION_PORT", "abc");

    assertThatThrownBy(this::resolve)
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid roster.session.port='abc' (from environment ROSTER_SESSION_PORT):"
            + " expected a port number 0-65535 (0 picks a free port)");
  }

  @Test
  void boltLimitsDefaultGenerouslyAndCanBeSet() {
    assertThat(resolve().bolt()).isEqualTo(io.roster.remoting.guard.GuardLimits.DEFAULT);

    sys.setProperty("roster.bolt.max.connections.per.ip", "5");
    options.put(Setting.BOLT_MAX_FRAME_BYTES, "4096");
    env.put("ROSTER_BOLT_MAX_CONNECTIONS", "50");
    assertThat(resolve().bolt()).isEqualTo(new io.roster.remoting.guard.GuardLimits(4096, 50, 5));
  }

  @Test
  void aFrameSizeOverOneGibNamesTheKey() {
    options.put(Setting.BOLT_MAX_FRAME_BYTES, "2000000000");

    assertThatThrownBy(this::resolve).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid roster.bolt.max.frame.bytes='2000000000' (from option"
            + " --bolt-max-frame-bytes)");
  }

  @Test
  void invalidValueFromOptionNamesTheOption() {
    options.put(Setting.META_SESSION_LEASE, "20");

    assertThatThrownBy(this::resolve)
        .hasMessageStartingWith("invalid roster.meta.session.lease='20' (from option --meta-session-lease)");
  }

  @Test
  void invalidValueFromFileNamesTheFile() throws IOException {
    writeConf("roster.conf", "roster.meta.slots=100\n");

    assertThatThrownBy(this::resolve)
        .hasMessageStartingWith("invalid roster.meta.slots='100' (from config file ")
        .hasMessageContaining("power of two");
  }

  @Test
  void everyPortAcceptsZero() {
    for (Setting s : Setting.values()) {
      if (s.metavar().equals("PORT")) {
        options.put(s, "0");
      }
    }

    RosterConfig c = resolve();

    assertThat(List.of(c.session().boltPort(), c.session().httpPort(), c.data().boltPort(),
        c.data().httpPort(), c.meta().boltPort(), c.meta().raftPort(), c.meta().httpPort()))
        .containsOnly(0);
  }

  @Test
  void parsesDurationsListsAndTrimsValues() {
    options.put(Setting.SESSION_HEARTBEAT_INTERVAL, "500ms");
    options.put(Setting.DATA_HEARTBEAT_INTERVAL, " 2m ");
    options.put(Setting.META_SESSION_LEASE, "PT15S");
    options.put(Setting.META_RAFT_PEERS, "10.0.0.1:9614, 10.0.0.2:9614");
    options.put(Setting.ROLES, "session, meta");
    options.put(Setting.CLUSTER_SECRET_FILE, "/etc/roster/cluster.secret");

    RosterConfig c = resolve();

    assertThat(c.session().heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.data().heartbeatInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.meta().sessionLease()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.meta().raftPeers()).containsExactly("10.0.0.1:9614", "10.0.0.2:9614");
    assertThat(c.roles()).containsExactly(RoleName.META, RoleName.SESSION);
  }

  @Test
  void rejectsUnknownRoleAndEmptyRoles() {
    options.put(Setting.ROLES, "meta,router");
    assertThatThrownBy(this::resolve).hasMessageStartingWith("invalid roster.roles='meta,router'");

    options.put(Setting.ROLES, "");
    assertThatThrownBy(this::resolve).hasMessageStartingWith("invalid roster.roles=''");
  }

  @Test
  void rejectsMalformedAddresses() {
    options.put(Setting.META_RAFT_PEERS, "10.0.0.1");

    assertThatThrownBy(this::resolve)
        .hasMessageStartingWith("invalid roster.meta.raft.peers='10.0.0.1'");
  }

  @Test
  void withoutLocalMetaTheMetaAddressesAreRequired() {
    options.put(Setting.ROLES, "session");
    assertThatThrownBy(this::resolve)
        .hasMessageStartingWith("invalid roster.meta.addresses=''")
        .hasMessageContaining("roster.roles has no meta");

    options.put(Setting.META_ADDRESSES, "10.0.0.9:9612");
    options.put(Setting.CLUSTER_SECRET_FILE, "/etc/roster/cluster.secret");
    RosterConfig c = resolve();
    assertThat(c.metaAddresses()).containsExactly("10.0.0.9:9612");
    assertThat(c.session().metaAddresses()).containsExactly("10.0.0.9:9612");
  }

  @Test
  void aProcessWithoutEveryRoleNeedsTheClusterSecretAndSaysHowToMakeOne() {
    options.put(Setting.ROLES, "data");
    options.put(Setting.META_ADDRESSES, "10.0.0.9:9612");
    assertThatThrownBy(this::resolve)
        .hasMessageStartingWith("roster.cluster.secret.file is not set")
        .hasMessageContaining("head -c 32 /dev/urandom | base64 > cluster.secret");

    options.put(Setting.CLUSTER_SECRET_FILE, "/etc/roster/cluster.secret");
    LinkConfig links = resolve().links();
    assertThat(links.secretFile()).isEqualTo(Path.of("/etc/roster/cluster.secret"));
    assertThat(links.generate()).isFalse();
  }

  @Test
  void oneProcessWithEveryRoleMakesItsOwnSecretUnderTheDataDir() {
    options.put(Setting.DATA_DIR, "/srv/roster");
    LinkConfig links = resolve().links();
    assertThat(links.secretFile()).isEqualTo(Path.of("/srv/roster/cluster.secret"));
    assertThat(links.generate()).isTrue();
  }

  @Test
  void membersOnlyPortsListenOnTheAdvertiseHostUnlessToldOtherwise() {
    options.put(Setting.BIND_HOST, "0.0.0.0");
    options.put(Setting.ADVERTISE_HOST, "10.1.2.3");
    assertThat(resolve().links().bindHost()).isEqualTo("10.1.2.3");

    options.put(Setting.INTERNAL_BIND_HOST, "192.168.7.7");
    assertThat(resolve().links().bindHost()).isEqualTo("192.168.7.7");
  }

  @Test
  void wildcardBindNeedsAnAdvertiseHost() {
    options.put(Setting.BIND_HOST, "0.0.0.0");
    assertThatThrownBy(this::resolve)
        .hasMessageStartingWith("invalid roster.advertise.host=''")
        .hasMessageContaining("roster.bind.host=0.0.0.0");

    options.put(Setting.ADVERTISE_HOST, "10.1.2.3");
    RosterConfig c = resolve();
    assertThat(c.session().bindHost()).isEqualTo("0.0.0.0");
    assertThat(c.session().advertiseHost()).isEqualTo("10.1.2.3");
    assertThat(c.data().metaAddresses()).containsExactly("10.1.2.3:9612");
  }

  @Test
  void retargetsDataAndSessionAtActualMetaAddresses() {
    RosterConfig c = resolve();

    assertThat(c.dataFor(List.of("127.0.0.1:40001")).metaAddresses())
        .containsExactly("127.0.0.1:40001");
    assertThat(c.sessionFor(List.of("127.0.0.1:40001")))
        .usingRecursiveComparison().ignoringFields("metaAddresses").isEqualTo(c.session());
    assertThat(c.sessionFor(List.of("127.0.0.1:40001")).metaAddresses())
        .containsExactly("127.0.0.1:40001");
  }
}
