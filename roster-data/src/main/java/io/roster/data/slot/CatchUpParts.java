package io.roster.data.slot;

import io.roster.protocol.data.DatumDelta;
import io.roster.protocol.data.ReplicaAppend;
import io.roster.protocol.data.ReplicaEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a catch-up difference into {@link ReplicaAppend} parts of about {@code maxPartBytes} each,
 * so a slot of any size crosses the link in frames of a bounded size. There is always at least
 * one part: an empty difference still tells the follower it is caught up.
 */
final class CatchUpParts {

  /** Publishers per delta of a large datum: a datum of a million publishers still comes in pieces. */
  static final int ENTRIES_PER_DELTA = 1000;

  private CatchUpParts() {}

  static List<ReplicaAppend> of(int slot, long leaderEpoch, long seq, List<DatumDelta> difference,
      int maxPartBytes) {
    List<List<DatumDelta>> groups = new ArrayList<>();
    List<DatumDelta> current = new ArrayList<>();
    long bytes = 0;
    for (DatumDelta delta : difference) {
      long size = sizeOf(delta);
      if (!current.isEmpty() && bytes + size > maxPartBytes) {
        groups.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(delta);
      bytes += size;
    }
    groups.add(current);
    List<ReplicaAppend> parts = new ArrayList<>(groups.size());
    for (int i = 0; i < groups.size(); i++) {
      parts.add(new ReplicaAppend(slot, leaderEpoch, seq, ReplicaAppend.Kind.CATCH_UP, i,
          i == groups.size() - 1, groups.get(i)));
    }
    return parts;
  }

  /** An estimate, generous for the strings the packing shares. */
  private static long sizeOf(DatumDelta delta) {
    long size = 32L + delta.dataInfoId().length();
    for (ReplicaEntry e : delta.puts()) {
      size += 64 + e.registId().length() + e.payload().length;
    }
    for (String registId : delta.removes()) {
      size += 8 + registId.length();
    }
    return size;
  }
}
