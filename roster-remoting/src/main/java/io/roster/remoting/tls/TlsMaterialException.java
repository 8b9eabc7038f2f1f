package io.roster.remoting.tls;

/** A keystore or truststore that cannot serve; the message is for the operator. */
public final class TlsMaterialException extends Exception {

  private final TlsMaterial.Store store;

  TlsMaterialException(TlsMaterial.Store store, String message) {
    super(message);
    this.store = store;
  }

  /** The file at fault. */
  public TlsMaterial.Store store() {
    return store;
  }
}
