package io.roster.meta.raft;

import io.roster.protocol.Status;
import java.util.Objects;

/**
 * How a proposal ended. Proposals complete on raft's threads, so failures travel as this value
 * instead of an exception: {@link Status#OK} once applied, {@link Status#EPOCH_MISMATCH} when a
 * conditional command lost a race, {@link Status#NOT_LEADER} when this node cannot propose, and
 * {@link Status#NOT_READY} for any other raft failure (the message carries jraft's reason).
 */
public record Outcome(Status status, String message) {

  private static final Outcome OK = new Outcome(Status.OK, "");

  public Outcome {
    Objects.requireNonNull(status, "status");
    message = message == null ? "" : message;
  }

  public static Outcome ok() {
    return OK;
  }

  public static Outcome of(Status status, String message) {
    return new Outcome(status, message);
  }

  public boolean isOk() {
    return status == Status.OK;
  }
}
