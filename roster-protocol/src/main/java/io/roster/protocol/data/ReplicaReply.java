package io.roster.protocol.data;

import io.roster.protocol.Status;
import java.io.Serializable;

/**
 * A follower's answer to a {@link ReplicaAppend}: {@code OK} with the step it has now applied, or
 * why it did not apply it. {@code NOT_READY} means it misses an earlier step and needs a catch-up;
 * {@code EPOCH_MISMATCH} that its table names another leader epoch for the slot; {@code NOT_LEADER}
 * that its table does not make it a follower of the slot.
 */
public final class ReplicaReply implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Status status;
  private final long appliedSeq;
  private final String message;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private ReplicaReply() {
    this.status = null;
    this.appliedSeq = 0L;
    this.message = null;
  }

  public ReplicaReply(Status status, long appliedSeq, String message) {
    this.status = status;
    this.appliedSeq = appliedSeq;
    this.message = message;
  }

  public Status status() {
    return status;
  }

  public long appliedSeq() {
    return appliedSeq;
  }

  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return "ReplicaReply{" + status + " applied=" + appliedSeq + (message == null ? "" : " " + message) + "}";
  }
}
