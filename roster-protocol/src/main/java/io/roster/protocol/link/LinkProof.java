package io.roster.protocol.link;

import java.io.Serializable;

/** Last step of the handshake: the dialer's MAC over both nonces. */
public final class LinkProof implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] clientProof;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private LinkProof() {
    this(null);
  }

  public LinkProof(byte[] clientProof) {
    this.clientProof = clientProof;
  }

  public byte[] clientProof() {
    return clientProof;
  }
}
