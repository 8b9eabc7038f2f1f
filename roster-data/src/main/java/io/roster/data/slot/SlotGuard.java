package io.roster.data.slot;

import io.roster.model.SlotTable;
import io.roster.protocol.Status;

/**
 * Fences every write and read against the slot table: a request made under another epoch, or
 * for a slot this node does not lead, is refused with a status the session can act on.
 * Owned by the data node's store thread.
 */
public final class SlotGuard {

  private final String selfAddress;
  private SlotTable table = SlotTable.EMPTY;

  public SlotGuard(String selfAddress) {
    this.selfAddress = selfAddress;
  }

  /** Adopts the table if it is newer; returns true when it did. */
  public boolean update(SlotTable candidate) {
    if (candidate == null || candidate.epoch() <= table.epoch()) {
      return false;
    }
    table = candidate;
    return true;
  }

  public long epoch() {
    return table.epoch();
  }

  public boolean hasTable() {
    return table.slotCount() > 0;
  }

  /** True when this node leads the dataInfoId's slot in the table it holds now. */
  public boolean leads(String dataInfoId) {
    return hasTable() && selfAddress.equals(table.leaderOf(dataInfoId));
  }

  public Status check(long requestEpoch, String dataInfoId) {
    if (!hasTable()) {
      return Status.NOT_READY;
    }
    if (requestEpoch != table.epoch()) {
      return Status.EPOCH_MISMATCH;
    }
    return selfAddress.equals(table.leaderOf(dataInfoId)) ? Status.OK : Status.NOT_LEADER;
  }
}
