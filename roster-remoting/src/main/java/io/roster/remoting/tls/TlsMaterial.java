package io.roster.remoting.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * This node's TLS identity and the authorities it trusts, read once at start from two PKCS12
 * files: a keystore holding exactly the node's private key and certificate chain, and a
 * truststore holding the CA certificate(s) that sign every member's certificate. Everything that
 * can be wrong with the files (missing, unreadable, wrong password, no key, no CA) is found here
 * and reported as a {@link TlsMaterialException} naming the store, so a node fails at start with
 * a sentence instead of at its first handshake with a stack trace.
 */
public final class TlsMaterial {

  private static final String TYPE = "PKCS12";

  private final KeyManagerFactory keys;
  private final TrustManagerFactory trust;

  private TlsMaterial(KeyManagerFactory keys, TrustManagerFactory trust) {
    this.keys = keys;
    this.trust = trust;
  }

  /** Reads and checks both stores. */
  public static TlsMaterial load(Path keystore, char[] keystorePassword, Path truststore,
      char[] truststorePassword) throws TlsMaterialException {
    KeyStore identity = read(Store.KEYSTORE, keystore, keystorePassword);
    KeyStore authorities = read(Store.TRUSTSTORE, truststore, truststorePassword);
    return new TlsMaterial(keyManagers(identity, keystore, keystorePassword),
        trustManagers(authorities, truststore));
  }

  KeyManagerFactory keys() {
    return keys;
  }

  TrustManagerFactory trust() {
    return trust;
  }

  /**
   * A JDK context with this node's key and the trusted CAs, for JDK clients (an {@code
   * HttpsURLConnection} to another node's admin port; tests).
   */
  public SSLContext jdkContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make a TLS context", e);
    }
  }

  /** Which of the two files a problem is in, so the caller can name its setting. */
  public enum Store { KEYSTORE, TRUSTSTORE }

  private static KeyStore read(Store which, Path file, char[] password)
      throws TlsMaterialException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance(TYPE);
      store.load(in, password);
      return store;
    } catch (NoSuchFileException e) {
      throw new TlsMaterialException(which, file + " does not exist");
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new TlsMaterialException(which, file + ": wrong password");
      }
      throw new TlsMaterialException(which, "cannot read " + file + " as " + TYPE + ": "
          + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new TlsMaterialException(which, "cannot read " + file + " as " + TYPE + ": " + e);
    }
  }

  private static KeyManagerFactory keyManagers(KeyStore store, Path file, char[] password)
      throws TlsMaterialException {
    try {
      int keys = 0;
      for (String alias : Collections.list(store.aliases())) {
        keys += store.isKeyEntry(alias) ? 1 : 0;
      }
      if (keys != 1) {
        throw new TlsMaterialException(Store.KEYSTORE, file + " holds " + keys + " private keys;"
            + " it must hold exactly one, this node's, with its certificate chain");
      }
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return factory;
    } catch (UnrecoverableKeyException e) {
      throw new TlsMaterialException(Store.KEYSTORE, file + ": the key's password differs from"
          + " the store's (" + e.getMessage() + ")");
    } catch (GeneralSecurityException e) {
      throw new TlsMaterialException(Store.KEYSTORE, file + ": " + e);
    }
  }

  private static TrustManagerFactory trustManagers(KeyStore store, Path file)
      throws TlsMaterialException {
    try {
      boolean anyCertificate = false;
      for (String alias : Collections.list(store.aliases())) {
        anyCertificate |= store.isCertificateEntry(alias);
      }
      if (!anyCertificate) {
        throw new TlsMaterialException(Store.TRUSTSTORE, file + " holds no trusted certificate;"
            + " import the CA that signs the members' certificates");
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory;
    } catch (GeneralSecurityException e) {
      throw new TlsMaterialException(Store.TRUSTSTORE, file + ": " + e);
    }
  }
}
