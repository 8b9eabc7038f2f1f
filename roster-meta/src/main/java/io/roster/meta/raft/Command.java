package io.roster.meta.raft;

import io.roster.model.SlotTable;
import java.util.List;
import java.util.Objects;

/**
 * The entries of the meta raft log. Each is small and applied on jraft's state-machine thread
 * only; {@link StateCodec} gives each one a stable binary form, so the log stays readable across
 * releases without Java serialization.
 */
public sealed interface Command {

  /** Replaces the committed member list (joins, restarts and evictions in one step). */
  record SetMembers(List<Member> members) implements Command {
    public SetMembers {
      members = List.copyOf(members);
    }
  }

  /**
   * Installs a new slot assignment if the table still has {@code expectedEpoch}; the new table's
   * epoch is the log index of this entry. The condition makes a proposal computed from a stale
   * table lose instead of overwriting a newer one.
   */
  record SetSlotTable(long expectedEpoch, List<SlotTable.Slot> slots) implements Command {
    public SetSlotTable {
      slots = List.copyOf(slots);
    }
  }

  /** A new leader tells followers where its bolt and HTTP endpoints are. */
  record AnnounceLeader(LeaderEndpoint endpoint) implements Command {
    public AnnounceLeader {
      Objects.requireNonNull(endpoint, "endpoint");
    }
  }

  /** Sets an admin switch (stop-push, blacklist...); a null value removes it. */
  record SetSwitch(String key, String value) implements Command {
    public SetSwitch {
      Objects.requireNonNull(key, "key");
    }
  }
}
