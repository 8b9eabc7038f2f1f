package io.roster.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roster.remoting.testing.TestCerts;
import io.roster.remoting.tls.NodeTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS keys: which ports they turn on, and that every unusable store is a ConfigException at
 * start that names the key at fault (with real stores made by keytool), never a stack trace at
 * the first handshake.
 */
class TlsConfigTest {

  @TempDir
  static Path certs;
  private static TestCerts.Node node;
  private static Path password;
  private static Path wrongPassword;

  @TempDir
  Path dir;
  private final Map<Setting, String> options = new EnumMap<>(Setting.class);

  @BeforeAll
  static void makeCertificates() throws IOException {
    node = TestCerts.authority(certs, "ca").issue("node");
    password = TestCerts.passwordFile(certs.resolve("password"));
    wrongPassword = Files.writeString(certs.resolve("wrong"), "not-the-password\n");
  }

  private RosterConfig resolve() {
    return new ConfigResolver(new HashMap<>(), new Properties(), dir)
        .resolve(Optional.empty(), options);
  }

  private void stores(Path keystore, Path keyPassword, Path truststore) {
    options.put(Setting.TLS_KEYSTORE_FILE, keystore.toString());
    options.put(Setting.TLS_KEYSTORE_PASSWORD_FILE, keyPassword.toString());
    options.put(Setting.TLS_TRUSTSTORE_FILE, truststore.toString());
    options.put(Setting.TLS_TRUSTSTORE_PASSWORD_FILE, password.toString());
  }

  private NodeTls open() {
    return resolve().links().tls().open();
  }

  @Test
  void noKeystoreMeansNoTls() {
    assertThat(resolve().links().tls()).isEqualTo(TlsConfig.OFF);
    assertThat(open()).isEqualTo(NodeTls.PLAIN);
  }

  @Test
  void aKeystoreTurnsOnInternalLinksAndAdminHttpButNotTheSessionsHttp() {
    stores(node.keystore(), password, node.truststore());
    TlsConfig tls = resolve().links().tls();
    assertThat(tls.internal()).isTrue();
    assertThat(tls.adminHttp()).isTrue();
    assertThat(tls.sessionHttp()).isFalse();
    NodeTls opened = open();
    assertThat(opened.members()).isNotNull();
    assertThat(opened.adminHttp()).isNotNull();
    assertThat(opened.sessionHttp()).isNull();
  }

  @Test
  void eachSwitchCanBeSetApart() {
    stores(node.keystore(), password, node.truststore());
    options.put(Setting.TLS_HTTP, "off");
    options.put(Setting.TLS_SESSION_HTTP, "ON");
    NodeTls opened = open();
    assertThat(opened.members()).isNotNull();
    assertThat(opened.adminHttp()).isNull();
    assertThat(opened.sessionHttp()).isNotNull();
  }

  @Test
  void aSwitchOnWithoutAKeystoreNamesBothKeys() {
    options.put(Setting.TLS_INTERNAL, "on");
    assertThatThrownBy(this::resolve).isInstanceOf(ConfigException.class)
        .hasMessageContaining("roster.tls.internal=on needs roster.tls.keystore.file");
  }

  @Test
  void aSwitchTakesOnlyOnOffOrAuto() {
    options.put(Setting.TLS_HTTP, "yes");
    assertThatThrownBy(this::resolve).isInstanceOf(ConfigException.class)
        .hasMessageContaining("roster.tls.http").hasMessageContaining("on, off or auto");
  }

  @Test
  void aKeystoreWithoutItsPasswordFileOrATruststoreNamesTheMissingKey() {
    options.put(Setting.TLS_KEYSTORE_FILE, node.keystore().toString());
    assertThatThrownBy(this::resolve).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("roster.tls.keystore.password.file is not set");
    options.put(Setting.TLS_KEYSTORE_PASSWORD_FILE, password.toString());
    assertThatThrownBy(this::resolve).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("roster.tls.truststore.file is not set");
  }

  @Test
  void aMissingKeystoreIsNamed() {
    stores(certs.resolve("absent.p12"), password, node.truststore());
    assertThatThrownBy(this::open).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unusable roster.tls.keystore.file: ")
        .hasMessageContaining("absent.p12 does not exist");
  }

  @Test
  void aWrongPasswordIsNamed() {
    stores(node.keystore(), wrongPassword, node.truststore());
    assertThatThrownBy(this::open).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unusable roster.tls.keystore.file: ")
        .hasMessageEndingWith("wrong password");
  }

  @Test
  void aMissingPasswordFileIsNamed() {
    stores(node.keystore(), certs.resolve("no-such-password"), node.truststore());
    assertThatThrownBy(this::open).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unusable roster.tls.keystore.password.file: ");
  }

  @Test
  void aKeylessKeystoreIsNamed() {
    stores(node.truststore(), password, node.truststore()); // certificates only, no key
    assertThatThrownBy(this::open).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unusable roster.tls.keystore.file: ")
        .hasMessageContaining("holds 0 private keys");
  }

  @Test
  void aTruststoreWithoutACaIsNamed() {
    stores(node.keystore(), password, node.keystore()); // a key, no trusted certificate
    assertThatThrownBy(this::open).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unusable roster.tls.truststore.file: ")
        .hasMessageContaining("holds no trusted certificate");
  }
}
