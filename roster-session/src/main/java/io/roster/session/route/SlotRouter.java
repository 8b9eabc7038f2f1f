package io.roster.session.route;

import io.roster.model.SlotTable;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The session's view of the slot table. Written by the meta heartbeat thread, read by every
 * stage; the table is immutable, so one volatile reference is all the sharing needed.
 */
public final class SlotRouter {

  private volatile SlotTable table = SlotTable.EMPTY;

  /** Adopts the table if it is newer; returns true when it did. */
  public boolean update(SlotTable candidate) {
    if (candidate == null || candidate.epoch() <= table.epoch()) {
      return false;
    }
    table = candidate;
    return true;
  }

  public SlotTable table() {
    return table;
  }

  public boolean ready() {
    return table.slotCount() > 0;
  }

  /**
   * Slots whose leader differs between the two tables; every slot when the slot count changed.
   * The session re-sends the publishers of these slots: it is their source of truth, and the new
   * leader may never have seen them.
   */
  public static Set<Integer> slotsWithNewLeader(SlotTable before, SlotTable after) {
    Set<Integer> moved = new HashSet<>();
    boolean resized = before.slotCount() != after.slotCount();
    for (SlotTable.Slot slot : after.slots()) {
      if (resized || !slot.leader().equals(before.slot(slot.id()).leader())) {
        moved.add(slot.id());
      }
    }
    return moved;
  }

  /** Every data node named in the table, leaders first. */
  public Set<String> dataNodes() {
    Set<String> nodes = new LinkedHashSet<>();
    SlotTable t = table;
    t.slots().forEach(s -> nodes.add(s.leader()));
    t.slots().forEach(s -> nodes.addAll(s.followers()));
    return nodes;
  }
}
