package io.roster.protocol.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Data tells a session that these dataInfoIds changed, each to the version at the same index. */
public final class DatumChanged implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ArrayList<String> dataInfoIds;
  private final ArrayList<Long> versions;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private DatumChanged() {
    this.dataInfoIds = null;
    this.versions = null;
  }

  public DatumChanged(List<String> dataInfoIds, List<Long> versions) {
    if (dataInfoIds.size() != versions.size()) {
      throw new IllegalArgumentException("ids and versions differ in length");
    }
    this.dataInfoIds = new ArrayList<>(dataInfoIds);
    this.versions = new ArrayList<>(versions);
  }

  public List<String> dataInfoIds() {
    return Collections.unmodifiableList(dataInfoIds);
  }

  public List<Long> versions() {
    return Collections.unmodifiableList(versions);
  }

  @Override
  public String toString() {
    return "DatumChanged{" + dataInfoIds.size() + " ids}";
  }
}
