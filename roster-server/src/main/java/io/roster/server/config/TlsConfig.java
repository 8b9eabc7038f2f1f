package io.roster.server.config;

import io.roster.remoting.tls.HttpTls;
import io.roster.remoting.tls.MemberTls;
import io.roster.remoting.tls.NodeTls;
import io.roster.remoting.tls.TlsMaterial;
import io.roster.remoting.tls.TlsMaterialException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Which of this process's ports speak TLS, and the files that hold its key and trusted CAs. Like
 * the cluster secret, the files are read at start ({@link #open}), not while the configuration is
 * resolved; every problem with them is a {@link ConfigException} naming the setting at fault.
 *
 * @param keystore PKCS12 with this node's key and chain; null when TLS is off everywhere
 * @param keystorePassword the file holding its password
 * @param truststore PKCS12 with the CA certificates members' certificates chain to
 * @param truststorePassword the file holding its password
 * @param internal mutual TLS on the members-only links
 * @param adminHttp HTTPS on the meta and data HTTP ports
 * @param sessionHttp HTTPS on the session's HTTP port
 */
public record TlsConfig(Path keystore, Path keystorePassword, Path truststore,
    Path truststorePassword, boolean internal, boolean adminHttp, boolean sessionHttp) {

  /** No TLS anywhere. */
  public static final TlsConfig OFF = new TlsConfig(null, null, null, null, false, false, false);

  public TlsConfig {
    if ((internal || adminHttp || sessionHttp)
        && (keystore == null || keystorePassword == null || truststore == null
        || truststorePassword == null)) {
      throw new IllegalArgumentException("TLS needs a keystore and a truststore with passwords");
    }
  }

  public boolean any() {
    return internal || adminHttp || sessionHttp;
  }

  /** Resolves the switches: {@code auto} is on when a keystore is set; "on" without one is an error. */
  static TlsConfig from(Settings s) {
    String keystore = s.text(Setting.TLS_KEYSTORE_FILE);
    boolean internal = on(s, Setting.TLS_INTERNAL, keystore);
    boolean adminHttp = on(s, Setting.TLS_HTTP, keystore);
    boolean sessionHttp = on(s, Setting.TLS_SESSION_HTTP, keystore);
    if (!(internal || adminHttp || sessionHttp)) {
      return OFF;
    }
    return new TlsConfig(Path.of(keystore), required(s, Setting.TLS_KEYSTORE_PASSWORD_FILE),
        required(s, Setting.TLS_TRUSTSTORE_FILE), required(s, Setting.TLS_TRUSTSTORE_PASSWORD_FILE),
        internal, adminHttp, sessionHttp);
  }

  private static boolean on(Settings s, Setting toggle, String keystore) {
    String value = s.text(toggle);
    if (value.equals("on") && keystore.isEmpty()) {
      throw new ConfigException(toggle.key() + "=on needs " + Setting.TLS_KEYSTORE_FILE.key()
          + " (this node's key and certificate, PKCS12); see docs/SECURITY.md");
    }
    return value.equals("on") || (value.equals("auto") && !keystore.isEmpty());
  }

  private static Path required(Settings s, Setting setting) {
    String value = s.text(setting);
    if (value.isEmpty()) {
      throw new ConfigException(setting.key() + " is not set; TLS is on ("
          + Setting.TLS_KEYSTORE_FILE.key() + " is " + s.value(Setting.TLS_KEYSTORE_FILE).raw()
          + ") and needs it; see docs/SECURITY.md");
    }
    return Path.of(value);
  }

  /** Reads and checks the stores; {@link NodeTls#PLAIN} when TLS is off. */
  public NodeTls open() throws ConfigException {
    if (!any()) {
      return NodeTls.PLAIN;
    }
    TlsMaterial material;
    try {
      material = TlsMaterial.load(keystore, password(keystorePassword,
          Setting.TLS_KEYSTORE_PASSWORD_FILE), truststore, password(truststorePassword,
          Setting.TLS_TRUSTSTORE_PASSWORD_FILE));
    } catch (TlsMaterialException e) {
      Setting at = e.store() == TlsMaterial.Store.KEYSTORE ? Setting.TLS_KEYSTORE_FILE
          : Setting.TLS_TRUSTSTORE_FILE;
      throw new ConfigException("unusable " + at.key() + ": " + e.getMessage());
    }
    HttpTls http = adminHttp || sessionHttp ? HttpTls.of(material) : null;
    return new NodeTls(internal ? MemberTls.of(material) : null, adminHttp ? http : null,
        sessionHttp ? http : null);
  }

  /** The first line of {@code file}, without its line ending. */
  private static char[] password(Path file, Setting setting) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      String line = end < 0 ? text : text.substring(0, end);
      return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
    } catch (NoSuchFileException e) {
      throw new ConfigException("unusable " + setting.key() + ": " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException("unusable " + setting.key() + ": cannot read " + file + ": " + e);
    }
  }
}
