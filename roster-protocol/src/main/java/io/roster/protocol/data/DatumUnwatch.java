package io.roster.protocol.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A session tells data it no longer wants these datums sent along with change notices (it has no
 * subscriber for them any more). One-way; data answers nothing.
 */
public final class DatumUnwatch implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ArrayList<String> dataInfoIds;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private DatumUnwatch() {
    this.dataInfoIds = null;
  }

  public DatumUnwatch(List<String> dataInfoIds) {
    this.dataInfoIds = new ArrayList<>(dataInfoIds);
  }

  public List<String> dataInfoIds() {
    return dataInfoIds == null ? List.of() : Collections.unmodifiableList(dataInfoIds);
  }

  @Override
  public String toString() {
    return "DatumUnwatch{" + dataInfoIds().size() + " ids}";
  }
}
