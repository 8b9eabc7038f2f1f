package io.roster.protocol.link;

import java.io.Serializable;

/**
 * First step of the cluster-link handshake: the dialing node's fresh nonce and who it says it is
 * (for logs only; identity is proven by the MACs of the next steps, not by this name).
 */
public final class LinkHello implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] clientNonce;
  private final String who;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private LinkHello() {
    this(null, null);
  }

  public LinkHello(byte[] clientNonce, String who) {
    this.clientNonce = clientNonce;
    this.who = who;
  }

  public byte[] clientNonce() {
    return clientNonce;
  }

  public String who() {
    return who;
  }
}
