package io.roster.data.store;

import io.roster.model.registid.RegistIdTable;
import io.roster.protocol.data.DatumReply;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The publishers of one dataInfoId. Kept even when empty, so its version keeps growing: a
 * subscriber must never be offered a version lower than one it already saw.
 */
final class Datum {

  final String dataInfoId;
  long version;
  private final RegistIdTable<PublisherEntry> publishers = new RegistIdTable<>();
  /** Payload bytes of all publishers, kept so "too big to send along?" needs no walk. */
  private long payloadBytes;
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

  PublisherEntry publisher(String registId) {
    return publishers.get(registId);
  }

  void put(PublisherEntry entry) {
    PublisherEntry replaced = publishers.put(entry);
    payloadBytes += entry.payload().length - (replaced == null ? 0 : replaced.payload().length);
  }

  void remove(PublisherEntry entry) {
    if (publishers.removeExactly(entry)) {
      payloadBytes -= entry.payload().length;
    }
  }

  void forEach(Consumer<PublisherEntry> action) {
    publishers.forEach(action);
  }

  int publisherCount() {
    return publishers.size();
  }

  /** Whether the packed publishers (payloads plus a few bytes each) would exceed the limit. */
  boolean packedSizeExceeds(int limitBytes) {
    return payloadBytes + 4L * publishers.size() > limitBytes;
  }

  DatumReply reply() {
    DatumReply.Builder reply = new DatumReply.Builder(dataInfoId, version, publishers.size());
    publishers.forEach(e -> reply.add(e.zone(), e.payload()));
    return reply.build();
  }
}
