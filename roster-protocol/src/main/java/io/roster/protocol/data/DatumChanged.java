package io.roster.protocol.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Data tells a session that these dataInfoIds changed, each to the version at the same index.
 *
 * <p>For the datums the session watches (it fetched them, so it has subscribers), the new datum
 * itself comes along in {@link #datums()}, up to a size limit: the session pushes it at once
 * instead of fetching it, which saves a round trip and two thread hand-offs per change. Bigger
 * datums, and datums nobody watches, are announced only and fetched as before.
 */
public final class DatumChanged implements Serializable {
  private static final long serialVersionUID = 2L;

  private final ArrayList<String> dataInfoIds;
  private final ArrayList<Long> versions;
  private final ArrayList<DatumReply> datums;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private DatumChanged() {
    this.dataInfoIds = null;
    this.versions = null;
    this.datums = null;
  }

  public DatumChanged(List<String> dataInfoIds, List<Long> versions) {
    this(dataInfoIds, versions, List.of());
  }

  public DatumChanged(List<String> dataInfoIds, List<Long> versions, List<DatumReply> datums) {
    if (dataInfoIds.size() != versions.size()) {
      throw new IllegalArgumentException("ids and versions differ in length");
    }
    this.dataInfoIds = new ArrayList<>(dataInfoIds);
    this.versions = new ArrayList<>(versions);
    this.datums = new ArrayList<>(datums);
  }

  public List<String> dataInfoIds() {
    return Collections.unmodifiableList(dataInfoIds);
  }

  public List<Long> versions() {
    return Collections.unmodifiableList(versions);
  }

  /**
   * Throws {@link IllegalArgumentException} unless ids and versions pair up and nothing is null or
   * of another type: a notice comes off the wire, and Hessian fills generic lists with anything.
   */
  public void validate() {
    if (dataInfoIds == null || versions == null || dataInfoIds.size() != versions.size()) {
      throw new IllegalArgumentException("ids and versions do not pair up");
    }
    for (int i = 0; i < dataInfoIds.size(); i++) {
      if (!((Object) dataInfoIds.get(i) instanceof String) || !((Object) versions.get(i) instanceof Long)) {
        throw new IllegalArgumentException("entry " + i + " is not a (String, Long) pair");
      }
    }
    for (Object datum : datums()) {
      if (!(datum instanceof DatumReply)) {
        throw new IllegalArgumentException("attached datum is not a DatumReply");
      }
    }
  }

  /** The watched datums that changed, whole; may be empty. */
  public List<DatumReply> datums() {
    return datums == null ? List.of() : Collections.unmodifiableList(datums);
  }

  @Override
  public String toString() {
    return "DatumChanged{" + dataInfoIds.size() + " ids}";
  }
}
