package io.roster.server.config;

import io.roster.remoting.link.ClusterKey;
import io.roster.remoting.link.ClusterLinks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where this process's cluster secret lives and where its members-only ports listen. Reading
 * the secret is I/O, so it happens at start ({@link #open}), not while the configuration is
 * resolved.
 *
 * @param secretFile the file holding the cluster secret
 * @param generate whether the file may be made when absent: only for a process that runs every
 *     role, whose links never leave it
 * @param bindHost where the members-only ports listen
 * @param tls which ports speak TLS, with which stores
 */
public record LinkConfig(Path secretFile, boolean generate, String bindHost, TlsConfig tls) {

  /** The name of the secret a one-process Roster makes under its data directory. */
  public static final String GENERATED_FILE = "cluster.secret";

  public LinkConfig {
    Objects.requireNonNull(secretFile, "secretFile");
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(tls, "tls");
  }

  /** Links without TLS. */
  public LinkConfig(Path secretFile, boolean generate, String bindHost) {
    this(secretFile, generate, bindHost, TlsConfig.OFF);
  }

  /**
   * Reads (or, where allowed, first makes) the secret, and reads the TLS stores; a message for
   * the user if it cannot.
   */
  public ClusterLinks open() throws ConfigException {
    return secret().withTls(tls.open());
  }

  private ClusterLinks secret() throws ConfigException {
    try {
      if (generate && !Files.exists(secretFile)) {
        ClusterKey.generate(secretFile);
      }
      return new ClusterLinks(ClusterKey.read(secretFile), bindHost);
    } catch (IOException e) {
      throw new ConfigException("cannot read the cluster secret " + secretFile + " ("
          + Setting.CLUSTER_SECRET_FILE.key() + "): " + e);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("the cluster secret " + secretFile + " is unusable: "
          + e.getMessage() + "; " + HOW_TO_MAKE);
    }
  }

  static final String HOW_TO_MAKE = "make one with"
      + " `head -c 32 /dev/urandom | base64 > cluster.secret && chmod 600 cluster.secret`,"
      + " copy it to every node, and set " + Setting.CLUSTER_SECRET_FILE.key() + " to its path";
}
