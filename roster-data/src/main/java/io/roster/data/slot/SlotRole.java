package io.roster.data.slot;

/** What this data node is for one slot, in the slot table it holds. */
public enum SlotRole {
  /** Not a replica here: the slot holds no datums. */
  NONE,
  /** A replica that does not serve; kept so a later takeover starts from it. */
  FOLLOWER,
  /**
   * The table names this node leader, but not every live session has sent its publishers for the
   * slot yet: writes from sessions that have are applied, fetches answer {@code NOT_READY}.
   */
  SYNCING,
  /** Serves writes and fetches. */
  LEADER
}
