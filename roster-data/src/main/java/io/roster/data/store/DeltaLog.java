package io.roster.data.store;

import io.roster.protocol.data.DatumDelta;
import io.roster.protocol.data.ReplicaEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a leader's store changed since its last drain, per datum: the final state of each registId
 * touched (put, or removed) and the datum's version when drained. Only the final state is kept, so a publisher
 * put and removed again within one step replicates as one remove. Owned by the store's thread.
 */
final class DeltaLog {

  private Map<String, Pending> pending = new LinkedHashMap<>();

  void put(Datum datum, PublisherEntry entry) {
    pending(datum).entries.put(entry.registId(), entry);
  }

  void remove(Datum datum, String registId) {
    pending(datum).entries.put(registId, null);
  }

  /** The datum's version moved (with or without a publisher change). */
  void touched(Datum datum) {
    pending(datum);
  }

  List<DatumDelta> drain() {
    if (pending.isEmpty()) {
      return List.of();
    }
    List<DatumDelta> out = new ArrayList<>(pending.size());
    pending.forEach((id, p) -> {
      List<ReplicaEntry> puts = new ArrayList<>();
      List<String> removes = new ArrayList<>();
      p.entries.forEach((registId, entry) -> {
        if (entry == null) {
          removes.add(registId);
        } else {
          puts.add(entry.toReplica());
        }
      });
      out.add(new DatumDelta(id, p.datum.version, DatumDelta.Mode.CHANGE, puts, removes));
    });
    pending = new LinkedHashMap<>();
    return out;
  }

  private Pending pending(Datum datum) {
    return pending.computeIfAbsent(datum.dataInfoId, id -> new Pending(datum));
  }

  /** The version sent is the datum's at drain time: a put that changed no view bumps nothing. */
  private static final class Pending {
    final Datum datum;
    final Map<String, PublisherEntry> entries = new LinkedHashMap<>();

    Pending(Datum datum) {
      this.datum = datum;
    }
  }
}
