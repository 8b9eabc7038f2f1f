package io.roster.remoting.testing;

import io.roster.remoting.tls.TlsMaterial;
import io.roster.remoting.tls.TlsMaterialException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real certificates for tests, made by the JDK's own {@code keytool} in a directory the test
 * owns (a {@code @TempDir}): a CA ({@link #authority}) and node certificates it signs ({@link
 * Authority#issue}), EC P-256, valid for a few days, naming 127.0.0.1 and localhost in their SAN
 * and usable as TLS server and client. Every store is PKCS12 with the password {@link #PASSWORD}.
 */
public final class TestCerts {

  public static final String PASSWORD = "roster-test-pw";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  private TestCerts() {}

  /** A new CA in {@code dir/name}: its key store, its certificate, and a truststore holding it. */
  public static Authority authority(Path dir, String name) throws IOException {
    Path home = Files.createDirectories(dir.resolve(name));
    Authority ca = new Authority(home, name);
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=" + name, "-ext", "bc:c", "-validity", "3",
        "-keystore", ca.store().toString(), "-storetype", "PKCS12");
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.store().toString(),
        "-file", ca.certificate().toString());
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", ca.certificate().toString(),
        "-keystore", ca.truststore().toString(), "-storetype", "PKCS12");
    return ca;
  }

  /** A CA made by {@link #authority}. */
  public record Authority(Path home, String name) {

    Path store() {
      return home.resolve("ca.p12");
    }

    public Path certificate() {
      return home.resolve("ca.pem");
    }

    /** The PKCS12 truststore holding only this CA's certificate (no key). */
    public Path truststore() {
      return home.resolve("truststore.p12");
    }

    /** A key and a certificate signed by this CA, for 127.0.0.1 and localhost. */
    public Node issue(String node) throws IOException {
      Path keystore = home.resolve(node + ".p12");
      Path request = home.resolve(node + ".csr");
      Path signed = home.resolve(node + ".pem");
      keytool("-genkeypair", "-alias", node, "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=" + node, "-keystore", keystore.toString(), "-storetype", "PKCS12");
      keytool("-certreq", "-alias", node, "-keystore", keystore.toString(),
          "-file", request.toString());
      keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", store().toString(),
          "-infile", request.toString(), "-outfile", signed.toString(), "-validity", "3",
          "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-ext", "EKU=serverAuth,clientAuth",
          "-ext", "KU=digitalSignature");
      // The CA first, so that keytool accepts the signed reply as a whole chain; then drop it,
      // so the node's store holds exactly its key and chain.
      keytool("-importcert", "-noprompt", "-alias", "ca", "-file", certificate().toString(),
          "-keystore", keystore.toString());
      keytool("-importcert", "-alias", node, "-file", signed.toString(),
          "-keystore", keystore.toString());
      keytool("-delete", "-alias", "ca", "-keystore", keystore.toString());
      return new Node(keystore, truststore());
    }
  }

  /** One node's stores: its key and chain, and the truststore of the CA that signed it. */
  public record Node(Path keystore, Path truststore) {

    /** The stores, read as Roster reads them. */
    public TlsMaterial material() {
      try {
        return TlsMaterial.load(keystore, PASSWORD.toCharArray(), truststore,
            PASSWORD.toCharArray());
      } catch (TlsMaterialException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }

    /** The same key, trusting {@code other}'s CA instead (a node of another cluster, say). */
    public Node trusting(Authority other) {
      return new Node(keystore, other.truststore());
    }
  }

  /** Writes {@link #PASSWORD} into {@code file}, as a password file setting wants it. */
  public static Path passwordFile(Path file) throws IOException {
    return Files.writeString(file, PASSWORD + "\n", StandardCharsets.UTF_8);
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.add("-J-XX:TieredStopAtLevel=1"); // a short-lived JVM: start fast
    command.addAll(List.of(args));
    command.addAll(List.of("-storepass", PASSWORD));
    if (args[0].equals("-genkeypair")) {
      command.addAll(List.of("-keypass", PASSWORD));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("keytool did not finish: " + command);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running keytool", e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException("keytool failed (" + process.exitValue() + "): " + command + "\n"
          + output);
    }
  }
}
