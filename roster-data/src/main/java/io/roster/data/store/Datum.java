package io.roster.data.store;

import io.roster.protocol.data.DatumReply;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The publishers of one dataInfoId. Kept even when empty, so its version keeps growing: a
 * subscriber must never be offered a version lower than one it already saw.
 */
final class Datum {

  final String dataInfoId;
  long version;
  final LinkedHashMap<String, PublisherEntry> publishers = new LinkedHashMap<>();
  /** registId → version of its UNREGISTER; an older REGISTER must not revive it. */
  final Map<String, Long> tombstones = new HashMap<>();

  Datum(String dataInfoId, long version) {
    this.dataInfoId = dataInfoId;
    this.version = version;
  }

  DatumReply reply() {
    DatumReply.Builder reply = new DatumReply.Builder(dataInfoId, version, publishers.size());
    for (PublisherEntry e : publishers.values()) {
      reply.add(e.zone(), e.payload());
    }
    return reply.build();
  }
}
