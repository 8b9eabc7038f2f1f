package io.roster.protocol.data;

import java.io.Serializable;

/** A session asks the slot leader for the current publishers of one dataInfoId. */
public final class DatumQuery implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String dataInfoId;
  private final long slotEpoch;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private DatumQuery() {
    this.dataInfoId = null;
    this.slotEpoch = 0L;
  }

  public DatumQuery(String dataInfoId, long slotEpoch) {
    this.dataInfoId = dataInfoId;
    this.slotEpoch = slotEpoch;
  }

  public String dataInfoId() {
    return dataInfoId;
  }

  public long slotEpoch() {
    return slotEpoch;
  }

  @Override
  public String toString() {
    return "DatumQuery{" + dataInfoId + " epoch=" + slotEpoch + "}";
  }
}
