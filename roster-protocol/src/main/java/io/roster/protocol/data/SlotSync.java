package io.roster.protocol.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A session's full set of its own publishers in one slot, sent to that slot's leader during a
 * takeover (and as a repair afterwards). Large sets travel in several parts; the part marked
 * {@link #last()} is the "done" marker: once it is applied, every publisher the leader holds for
 * this session in this slot that no part named is deleted.
 *
 * <p>Each part also reports the highest datum versions this session has seen for the slot's
 * dataInfoIds ({@link #knownIds()}, {@link #knownVersions()}), so a new leader never issues a
 * version at or below one already pushed.
 */
public final class SlotSync implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int slot;
  private final long leaderEpoch;
  private final int part;
  private final boolean last;
  private final WriteBatch publishers;
  private final ArrayList<String> knownIds;
  private final ArrayList<Long> knownVersions;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private SlotSync() {
    this.slot = 0;
    this.leaderEpoch = 0L;
    this.part = 0;
    this.last = false;
    this.publishers = null;
    this.knownIds = null;
    this.knownVersions = null;
  }

  /**
   * @param publishers PUT writes only, from the session named in the batch; its slot epochs name
   *     {@code slot} at {@code leaderEpoch}
   */
  public SlotSync(int slot, long leaderEpoch, int part, boolean last, WriteBatch publishers,
      List<String> knownIds, List<Long> knownVersions) {
    if (knownIds.size() != knownVersions.size()) {
      throw new IllegalArgumentException("known ids and versions differ in length");
    }
    this.slot = slot;
    this.leaderEpoch = leaderEpoch;
    this.part = part;
    this.last = last;
    this.publishers = publishers;
    this.knownIds = new ArrayList<>(knownIds);
    this.knownVersions = new ArrayList<>(knownVersions);
  }

  public int slot() {
    return slot;
  }

  public long leaderEpoch() {
    return leaderEpoch;
  }

  /** 0 for the first part of a sync, then 1, 2, …: a part out of order restarts the sync. */
  public int part() {
    return part;
  }

  public boolean last() {
    return last;
  }

  public WriteBatch publishers() {
    return publishers;
  }

  public List<String> knownIds() {
    return knownIds == null ? List.of() : Collections.unmodifiableList(knownIds);
  }

  public List<Long> knownVersions() {
    return knownVersions == null ? List.of() : Collections.unmodifiableList(knownVersions);
  }

  /**
   * Throws {@link IllegalArgumentException} unless the parts pair up and are of the declared
   * types: a sync comes off the wire, and Hessian fills generic lists with anything.
   */
  public void validate() {
    if (publishers == null || publishers.sessionAddress() == null || part < 0) {
      throw new IllegalArgumentException("sync without publishers, session or part");
    }
    List<String> ids = knownIds();
    List<Long> versions = knownVersions();
    if (ids.size() != versions.size()) {
      throw new IllegalArgumentException("known ids and versions do not pair up");
    }
    for (int i = 0; i < ids.size(); i++) {
      if (!((Object) ids.get(i) instanceof String) || !((Object) versions.get(i) instanceof Long)) {
        throw new IllegalArgumentException("known entry " + i + " is not a (String, Long) pair");
      }
    }
  }

  @Override
  public String toString() {
    return "SlotSync{slot " + slot + "@" + leaderEpoch + " part " + part + (last ? " last" : "")
        + " " + publishers + "}";
  }
}
