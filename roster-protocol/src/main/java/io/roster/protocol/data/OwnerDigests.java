package io.roster.protocol.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Slot leader to session, one-way: for each listed slot, how many of that session's publishers the
 * leader holds there and a hash over them ({@link #hashOf}). A session that holds something else
 * for a slot, with nothing of that slot queued or in flight, answers as it would a
 * {@link SyncRequest}: with its full set, which repairs the difference in either direction.
 */
public final class OwnerDigests implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String dataAddress;
  private final ArrayList<Integer> slots;
  private final ArrayList<Long> leaderEpochs;
  private final ArrayList<Long> counts;
  private final ArrayList<Long> hashes;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private OwnerDigests() {
    this.dataAddress = null;
    this.slots = null;
    this.leaderEpochs = null;
    this.counts = null;
    this.hashes = null;
  }

  public OwnerDigests(String dataAddress, List<Integer> slots, List<Long> leaderEpochs,
      List<Long> counts, List<Long> hashes) {
    this.dataAddress = dataAddress;
    this.slots = new ArrayList<>(slots);
    this.leaderEpochs = new ArrayList<>(leaderEpochs);
    this.counts = new ArrayList<>(counts);
    this.hashes = new ArrayList<>(hashes);
  }

  /**
   * One publisher's share of a digest. Both sides hold these four fields as the session accepted
   * them, so equal sets give equal sums, whatever the order they are held in.
   */
  public static long hashOf(String registId, String connectId, long clientVersion, long receivedAtMillis) {
    long h = registId.hashCode() * 0x9E3779B97F4A7C15L;
    h = 31 * h + connectId.hashCode();
    h = 31 * h + clientVersion;
    h = 31 * h + receivedAtMillis;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }

  public String dataAddress() {
    return dataAddress;
  }

  public List<Integer> slots() {
    return slots == null ? List.of() : Collections.unmodifiableList(slots);
  }

  public List<Long> leaderEpochs() {
    return leaderEpochs == null ? List.of() : Collections.unmodifiableList(leaderEpochs);
  }

  public List<Long> counts() {
    return counts == null ? List.of() : Collections.unmodifiableList(counts);
  }

  public List<Long> hashes() {
    return hashes == null ? List.of() : Collections.unmodifiableList(hashes);
  }

  /**
   * Throws {@link IllegalArgumentException} unless the four lists pair up and hold the declared
   * types: this comes off the wire, and Hessian fills generic lists with anything.
   */
  public void validate() {
    if (dataAddress == null) {
      throw new IllegalArgumentException("digests without a data address");
    }
    int n = slots().size();
    if (leaderEpochs().size() != n || counts().size() != n || hashes().size() != n) {
      throw new IllegalArgumentException("slots, epochs, counts and hashes do not pair up");
    }
    for (int i = 0; i < n; i++) {
      if (!((Object) slots.get(i) instanceof Integer) || !((Object) leaderEpochs.get(i) instanceof Long)
          || !((Object) counts.get(i) instanceof Long) || !((Object) hashes.get(i) instanceof Long)) {
        throw new IllegalArgumentException("digest entry " + i + " is not (Integer, Long, Long, Long)");
      }
    }
  }

  @Override
  public String toString() {
    return "OwnerDigests{" + dataAddress + " slots=" + slots().size() + "}";
  }
}
