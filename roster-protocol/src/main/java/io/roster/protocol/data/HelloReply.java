package io.roster.protocol.data;

import java.io.Serializable;

/**
 * Data's answer to {@link SessionHello}. A session that sees a new {@code dataIncarnation} knows
 * the data node restarted with an empty store and re-sends every publisher it owns there.
 */
public final class HelloReply implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long dataIncarnation;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private HelloReply() {
    this.dataIncarnation = 0L;
  }

  public HelloReply(long dataIncarnation) {
    this.dataIncarnation = dataIncarnation;
  }

  public long dataIncarnation() {
    return dataIncarnation;
  }
}
