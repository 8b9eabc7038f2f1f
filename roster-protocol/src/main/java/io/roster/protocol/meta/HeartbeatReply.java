package io.roster.protocol.meta;

import io.roster.model.SlotTable;
import io.roster.protocol.Status;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Meta's answer to a {@link NodeHeartbeat}. */
public final class HeartbeatReply implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Status status;
  private final String leaderAddress;
  private final SlotTable slotTable;
  private final ArrayList<NodeInfo> sessions;
  private final ArrayList<NodeInfo> dataNodes;
  private final long leaseMillis;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private HeartbeatReply() {
    this.status = null;
    this.leaderAddress = null;
    this.slotTable = null;
    this.sessions = null;
    this.dataNodes = null;
    this.leaseMillis = 0L;
  }

  public HeartbeatReply(Status status, String leaderAddress, SlotTable slotTable,
      List<NodeInfo> sessions, List<NodeInfo> dataNodes, long leaseMillis) {
    this.status = status;
    this.leaderAddress = leaderAddress;
    this.slotTable = slotTable;
    this.sessions = new ArrayList<>(sessions);
    this.dataNodes = new ArrayList<>(dataNodes);
    this.leaseMillis = leaseMillis;
  }

  public static HeartbeatReply notLeader(String leaderAddress) {
    return new HeartbeatReply(Status.NOT_LEADER, leaderAddress, null, List.of(), List.of(), 0);
  }

  public Status status() {
    return status;
  }

  /** The meta leader's bolt address, when this node is not it; may be null if unknown. */
  public String leaderAddress() {
    return leaderAddress;
  }

  /** The current table, or null when the sender already has this epoch. */
  public SlotTable slotTable() {
    return slotTable;
  }

  public List<NodeInfo> sessions() {
    return Collections.unmodifiableList(sessions);
  }

  public List<NodeInfo> dataNodes() {
    return Collections.unmodifiableList(dataNodes);
  }

  public long leaseMillis() {
    return leaseMillis;
  }

  @Override
  public String toString() {
    return "HeartbeatReply{" + status + " table=" + slotTable + " sessions=" + sessions.size()
        + " data=" + dataNodes.size() + "}";
  }
}
