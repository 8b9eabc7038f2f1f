package io.roster.protocol.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A slot leader that is taking slots over asks a session for its publishers there: one
 * {@link SlotSync} series per slot, each for the leader epoch at the same index. Sent one-way on
 * the connection the session opened, and repeated until the session has answered.
 */
public final class SyncRequest implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String dataAddress;
  private final ArrayList<Integer> slots;
  private final ArrayList<Long> leaderEpochs;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private SyncRequest() {
    this.dataAddress = null;
    this.slots = null;
    this.leaderEpochs = null;
  }

  public SyncRequest(String dataAddress, List<Integer> slots, List<Long> leaderEpochs) {
    if (slots.size() != leaderEpochs.size()) {
      throw new IllegalArgumentException("slots and epochs differ in length");
    }
    this.dataAddress = dataAddress;
    this.slots = new ArrayList<>(slots);
    this.leaderEpochs = new ArrayList<>(leaderEpochs);
  }

  /** The data node asking, as the slot table names it. */
  public String dataAddress() {
    return dataAddress;
  }

  public List<Integer> slots() {
    return slots == null ? List.of() : Collections.unmodifiableList(slots);
  }

  public List<Long> leaderEpochs() {
    return leaderEpochs == null ? List.of() : Collections.unmodifiableList(leaderEpochs);
  }

  /** Throws {@link IllegalArgumentException} unless slots and epochs pair up with the right types. */
  public void validate() {
    List<Integer> s = slots();
    List<Long> e = leaderEpochs();
    if (dataAddress == null || s.size() != e.size()) {
      throw new IllegalArgumentException("sync request without address, or slots and epochs unpaired");
    }
    for (int i = 0; i < s.size(); i++) {
      if (!((Object) s.get(i) instanceof Integer) || !((Object) e.get(i) instanceof Long)) {
        throw new IllegalArgumentException("entry " + i + " is not an (Integer, Long) pair");
      }
    }
  }

  @Override
  public String toString() {
    return "SyncRequest{" + dataAddress + " slots=" + (slots == null ? 0 : slots.size()) + "}";
  }
}
