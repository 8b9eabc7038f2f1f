package io.roster.protocol;

/** How a request between roles ended. Errors cross async boundaries as values, not exceptions. */
public enum Status {
  OK,
  /** This node does not lead the slot (or the raft group); ask the one named in the reply. */
  NOT_LEADER,
  /** The slot is still syncing; try again shortly. Never pushed to a client. */
  NOT_READY,
  /** The request was made against another slot-table epoch; refresh and retry. */
  EPOCH_MISMATCH,
  /** The request itself is malformed; retrying will not help. */
  BAD_REQUEST
}
