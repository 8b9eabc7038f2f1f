package io.roster.protocol.meta;

import io.roster.protocol.NodeRole;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A session or data node renews its lease with meta. Sent every second; the reply carries the slot
 * table when the sender's epoch is behind, and the current member lists. A data node that is
 * stopping gracefully sends {@code leaving}: meta takes its lease away at once and moves its slots,
 * while it still serves.
 */
public final class NodeHeartbeat implements Serializable {
  private static final long serialVersionUID = 1L;

  private final NodeRole role;
  private final String address;
  private final String zone;
  private final long incarnation;
  private final long knownEpoch;
  private final boolean leaving;
  /** A data node's followed slots that lag their leader; Hessian may fill it with anything. */
  private final ArrayList<Integer> laggingSlots;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private NodeHeartbeat() {
    this.role = null;
    this.address = null;
    this.zone = null;
    this.incarnation = 0L;
    this.knownEpoch = 0L;
    this.leaving = false;
    this.laggingSlots = null;
  }

  public NodeHeartbeat(NodeRole role, String address, String zone, long incarnation, long knownEpoch) {
    this(role, address, zone, incarnation, knownEpoch, false);
  }

  public NodeHeartbeat(NodeRole role, String address, String zone, long incarnation, long knownEpoch,
      boolean leaving) {
    this(role, address, zone, incarnation, knownEpoch, leaving, List.of());
  }

  public NodeHeartbeat(NodeRole role, String address, String zone, long incarnation, long knownEpoch,
      boolean leaving, List<Integer> laggingSlots) {
    this.laggingSlots = new ArrayList<>(laggingSlots);
    this.role = role;
    this.address = address;
    this.zone = zone;
    this.incarnation = incarnation;
    this.knownEpoch = knownEpoch;
    this.leaving = leaving;
  }

  public NodeRole role() {
    return role;
  }

  /** {@code host:port} where peers reach this node over bolt (for a session: where clients do). */
  public String address() {
    return address;
  }

  public String zone() {
    return zone;
  }

  /** Changes every time the process starts, so meta can tell a restart from a renewal. */
  public long incarnation() {
    return incarnation;
  }

  public long knownEpoch() {
    return knownEpoch;
  }

  /** The sender is stopping: it wants no lease and no slots, and will not come back as itself. */
  public boolean leaving() {
    return leaving;
  }

  /**
   * The slots this data node follows but has not yet caught up with their leaders: meta reports
   * them and promotes no such follower. Entries that are not slot numbers are left out.
   */
  public List<Integer> laggingSlots() {
    if (laggingSlots == null) {
      return List.of();
    }
    List<Integer> valid = new ArrayList<>(laggingSlots.size());
    for (Object slot : laggingSlots) {
      if (slot instanceof Integer id && id >= 0) {
        valid.add(id);
      }
    }
    return valid;
  }

  @Override
  public String toString() {
    return "NodeHeartbeat{" + role + " " + address + " zone=" + zone + " inc=" + incarnation
        + " epoch=" + knownEpoch + (leaving ? " leaving" : "") + "}";
  }
}
