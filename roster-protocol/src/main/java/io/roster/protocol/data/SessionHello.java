package io.roster.protocol.data;

import java.io.Serializable;

/**
 * A session introduces itself on a connection it opened to a data node. Data then sends change
 * notices back on that connection: data never dials a session.
 */
public final class SessionHello implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String sessionAddress;
  private final long sessionIncarnation;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private SessionHello() {
    this.sessionAddress = null;
    this.sessionIncarnation = 0L;
  }

  public SessionHello(String sessionAddress, long sessionIncarnation) {
    this.sessionAddress = sessionAddress;
    this.sessionIncarnation = sessionIncarnation;
  }

  public String sessionAddress() {
    return sessionAddress;
  }

  public long sessionIncarnation() {
    return sessionIncarnation;
  }

  @Override
  public String toString() {
    return "SessionHello{" + sessionAddress + "#" + sessionIncarnation + "}";
  }
}
