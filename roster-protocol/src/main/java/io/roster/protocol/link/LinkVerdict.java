package io.roster.protocol.link;

import java.io.Serializable;

/** The listener's answer to a {@link LinkProof}; a refused link is closed right after. */
public final class LinkVerdict implements Serializable {
  private static final long serialVersionUID = 1L;

  private final boolean admitted;
  private final String reason;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private LinkVerdict() {
    this(false, null);
  }

  public LinkVerdict(boolean admitted, String reason) {
    this.admitted = admitted;
    this.reason = reason;
  }

  public boolean admitted() {
    return admitted;
  }

  public String reason() {
    return reason;
  }
}
