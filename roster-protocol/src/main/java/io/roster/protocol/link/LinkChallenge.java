package io.roster.protocol.link;

import java.io.Serializable;

/**
 * The listening node's answer to a {@link LinkHello}: its own fresh nonce, and a MAC over both
 * nonces that proves it holds the cluster credential, so a dialer never talks to an impostor.
 */
public final class LinkChallenge implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] serverNonce;
  private final byte[] serverProof;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private LinkChallenge() {
    this(null, null);
  }

  public LinkChallenge(byte[] serverNonce, byte[] serverProof) {
    this.serverNonce = serverNonce;
    this.serverProof = serverProof;
  }

  public byte[] serverNonce() {
    return serverNonce;
  }

  public byte[] serverProof() {
    return serverProof;
  }
}
