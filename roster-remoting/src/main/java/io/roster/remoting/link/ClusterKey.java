package io.roster.remoting.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster credential: a secret every node of one cluster shares, from which the link
 * handshake derives its MACs (HmacSHA256). It never crosses the wire and never appears in a log
 * or a {@code toString}; operators compare nodes by its {@link #fingerprint()}.
 */
public final class ClusterKey {

  /** Fewer bytes than this is guessable; 32 random bytes in base64 is what {@link #generate} writes. */
  public static final int MIN_BYTES = 16;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final String fingerprint;

  private ClusterKey(byte[] secret) {
    if (secret.length < MIN_BYTES) {
      throw new IllegalArgumentException("a cluster secret needs at least " + MIN_BYTES
          + " bytes, this one has " + secret.length);
    }
    this.key = new SecretKeySpec(secret, ALGORITHM);
    this.fingerprint = HexFormat.of().formatHex(sha256(secret), 0, 4);
  }

  public static ClusterKey of(byte[] secret) {
    return new ClusterKey(secret.clone());
  }

  /** A fresh random secret, for a cluster that lives in one process (tests, in-process clusters). */
  public static ClusterKey random() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return new ClusterKey(secret);
  }

  /** The secret in {@code file}: its text, without surrounding white space. */
  public static ClusterKey read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    return new ClusterKey(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The secret in {@code file}, made first (32 random bytes, base64, owner-only permissions where
   * the file system has them) if there is none: for a one-process Roster, whose links never leave
   * the process and which no user should have to configure.
   */
  public static ClusterKey readOrGenerate(Path file) {
    try {
      if (!Files.exists(file)) {
        generate(file);
      }
      return read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the cluster secret " + file, e);
    }
  }

  /** Writes a new random secret to {@code file}; fails if the file exists. */
  public static void generate(Path file) throws IOException {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String text = Base64.getEncoder().encodeToString(random) + "\n";
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // no POSIX permissions here
    }
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** HmacSHA256 over a label (which step of which protocol) and the parts, each length-prefixed. */
  public byte[] mac(String label, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      feed(mac, label.getBytes(StandardCharsets.UTF_8));
      for (byte[] part : parts) {
        feed(mac, part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
    }
  }

  /** Whether {@code proof} is the MAC of {@code label} and {@code parts}; constant time. */
  public boolean verifies(byte[] proof, String label, byte[]... parts) {
    return proof != null && MessageDigest.isEqual(proof, mac(label, parts));
  }

  /** The first 4 bytes of the secret's SHA-256, in hex: safe to log, equal on every node. */
  public String fingerprint() {
    return fingerprint;
  }

  @Override
  public String toString() {
    return "ClusterKey[fingerprint " + fingerprint + "]";
  }

  private static void feed(Mac mac, byte[] part) {
    int n = part.length;
    mac.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    mac.update(part);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
