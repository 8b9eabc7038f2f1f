package io.roster.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which data node leads and which follow each slot, stamped with an epoch. The epoch is the raft
 * log index at which meta applied the table, so a larger epoch is always the newer table.
 *
 * <p>Each slot also carries its own <em>leader epoch</em>: the table epoch at which its current
 * leader took it over. It moves only when that slot's leader changes, so writes and fetches are
 * fenced per slot: a new table that moves one slot refuses nothing sent to the others.
 *
 * <p>Immutable. Sent over the wire inside heartbeat replies, hence plain fields and
 * {@link Serializable} rather than a record (sofa-hessian cannot build records).
 */
public final class SlotTable implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final SlotTable EMPTY = new SlotTable(0L, new ArrayList<>());

  private final long epoch;
  private final ArrayList<Slot> slots;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private SlotTable() {
    this.epoch = 0L;
    this.slots = null;
  }

  public SlotTable(long epoch, List<Slot> slots) {
    this.epoch = epoch;
    this.slots = new ArrayList<>(slots);
  }

  public long epoch() {
    return epoch;
  }

  public int slotCount() {
    return slots.size();
  }

  public List<Slot> slots() {
    return Collections.unmodifiableList(slots);
  }

  public Slot slot(int slotId) {
    return slots.get(slotId);
  }

  /** The slot that holds {@code dataInfoId} in this table; the table must not be empty. */
  public Slot slotOf(String dataInfoId) {
    return slots.get(Slots.slotOf(dataInfoId, slots.size()));
  }

  /** The leader of the slot that holds {@code dataInfoId}, or null when the table is empty. */
  public String leaderOf(String dataInfoId) {
    if (slots.isEmpty()) {
      return null;
    }
    return slots.get(Slots.slotOf(dataInfoId, slots.size())).leader();
  }

  /** True when both tables place every slot on the same leader and followers. */
  public boolean sameAssignment(SlotTable other) {
    return other != null && slots.equals(other.slots);
  }

  public SlotTable withEpoch(long newEpoch) {
    return new SlotTable(newEpoch, slots);
  }

  @Override
  public String toString() {
    return "SlotTable{epoch=" + epoch + ", slots=" + slots.size() + "}";
  }

  /**
   * One slot: its leader and followers, by data node address {@code host:port}, and the epoch at
   * which that leader took the slot over. {@link #equals} compares the placement only (id, leader,
   * followers), not the leader epoch: meta computes placements without epochs and stamps the
   * epochs when it applies them.
   */
  public static final class Slot implements Serializable {
    private static final long serialVersionUID = 2L;

    private final int id;
    private final String leader;
    private final ArrayList<String> followers;
    private final long leaderEpoch;

    /** For Hessian, which builds an empty instance and then sets the fields. */
    private Slot() {
      this.id = 0;
      this.leader = null;
      this.followers = null;
      this.leaderEpoch = 0L;
    }

    /** A placement not yet stamped with a leader epoch (meta stamps it when applied). */
    public Slot(int id, String leader, List<String> followers) {
      this(id, leader, followers, 0L);
    }

    public Slot(int id, String leader, List<String> followers, long leaderEpoch) {
      this.id = id;
      this.leader = leader;
      this.followers = new ArrayList<>(followers);
      this.leaderEpoch = leaderEpoch;
    }

    /** The table epoch at which {@link #leader()} took this slot over; 0 when not stamped. */
    public long leaderEpoch() {
      return leaderEpoch;
    }

    public Slot withLeaderEpoch(long epoch) {
      return new Slot(id, leader, followers, epoch);
    }

    /** True when {@code address} holds a replica of this slot, as leader or follower. */
    public boolean hasReplicaOn(String address) {
      return leader.equals(address) || followers.contains(address);
    }

    public int id() {
      return id;
    }

    public String leader() {
      return leader;
    }

    public List<String> followers() {
      return Collections.unmodifiableList(followers);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Slot s && s.id == id && s.leader.equals(leader) && s.followers.equals(followers);
    }

    @Override
    public int hashCode() {
      return id * 31 + leader.hashCode();
    }

    @Override
    public String toString() {
      return "Slot{" + id + " leader=" + leader + "@" + leaderEpoch + " followers=" + followers + "}";
    }
  }
}
