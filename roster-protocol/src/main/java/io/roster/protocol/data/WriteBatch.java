package io.roster.protocol.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Writes of one session for one data node, in the order the session accepted them. */
public final class WriteBatch implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String sessionAddress;
  private final long sessionIncarnation;
  private final long slotEpoch;
  private final ArrayList<PublisherWrite> writes;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private WriteBatch() {
    this.sessionAddress = null;
    this.sessionIncarnation = 0L;
    this.slotEpoch = 0L;
    this.writes = null;
  }

  public WriteBatch(String sessionAddress, long sessionIncarnation, long slotEpoch,
      List<PublisherWrite> writes) {
    this.sessionAddress = sessionAddress;
    this.sessionIncarnation = sessionIncarnation;
    this.slotEpoch = slotEpoch;
    this.writes = new ArrayList<>(writes);
  }

  public String sessionAddress() {
    return sessionAddress;
  }

  public long sessionIncarnation() {
    return sessionIncarnation;
  }

  public long slotEpoch() {
    return slotEpoch;
  }

  public List<PublisherWrite> writes() {
    return Collections.unmodifiableList(writes);
  }

  @Override
  public String toString() {
    return "WriteBatch{" + sessionAddress + "#" + sessionIncarnation + " epoch=" + slotEpoch
        + " writes=" + writes.size() + "}";
  }
}
