package io.roster.protocol.data;

import io.roster.protocol.Status;
import java.io.Serializable;

/** Data's answer to a {@link WriteBatch}: all of it was applied, or none of it. */
public final class WriteReply implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Status status;
  private final long slotEpoch;
  private final String message;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private WriteReply() {
    this.status = null;
    this.slotEpoch = 0L;
    this.message = null;
  }

  public WriteReply(Status status, long slotEpoch, String message) {
    this.status = status;
    this.slotEpoch = slotEpoch;
    this.message = message;
  }

  public Status status() {
    return status;
  }

  /** The epoch the data node is serving. */
  public long slotEpoch() {
    return slotEpoch;
  }

  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return "WriteReply{" + status + " epoch=" + slotEpoch + (message == null ? "" : " " + message) + "}";
  }
}
