package io.roster.protocol.meta;

import io.roster.protocol.NodeRole;
import java.io.Serializable;

/** A live member as meta sees it. */
public final class NodeInfo implements Serializable {
  private static final long serialVersionUID = 1L;

  private final NodeRole role;
  private final String address;
  private final String zone;
  private final long incarnation;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private NodeInfo() {
    this.role = null;
    this.address = null;
    this.zone = null;
    this.incarnation = 0L;
  }

  public NodeInfo(NodeRole role, String address, String zone, long incarnation) {
    this.role = role;
    this.address = address;
    this.zone = zone;
    this.incarnation = incarnation;
  }

  public NodeRole role() {
    return role;
  }

  public String address() {
    return address;
  }

  public String zone() {
    return zone;
  }

  public long incarnation() {
    return incarnation;
  }

  @Override
  public String toString() {
    return role + "@" + address + "/" + zone + "#" + incarnation;
  }
}
