package io.roster.data.store;

import io.roster.model.registid.RegistIdTable;
import io.roster.protocol.data.DatumReply;
import java.util.HashMap;
import java.util.Map;

/**
 * The publishers of one dataInfoId. Kept even when empty, so its version keeps growing: a
 * subscriber must never be offered a version lower than one it already saw.
 */
final class Datum {

  final String dataInfoId;
  long version;
  final RegistIdTable<PublisherEntry> publishers = new RegistIdTable<>();
  /** registId → version of its UNREGISTER; an older REGISTER must not revive it. Made on demand. */
  private Map<String, Long> tombstones;

  Datum(String dataInfoId, long version) {
    this.dataInfoId = dataInfoId;
    this.version = version;
  }

  Long tombstone(String registId) {
    return tombstones == null ? null : tombstones.get(registId);
  }

  void bury(String registId, long version) {
    if (tombstones == null) {
      tombstones = new HashMap<>(4);
    }
    tombstones.put(registId, version);
  }

  void forget(String registId, long version) {
    if (tombstones != null && tombstones.remove(registId, version) && tombstones.isEmpty()) {
      tombstones = null;
    }
  }

  DatumReply reply() {
    DatumReply.Builder reply = new DatumReply.Builder(dataInfoId, version, publishers.size());
    publishers.forEach(e -> reply.add(e.zone(), e.payload()));
    return reply.build();
  }
}
