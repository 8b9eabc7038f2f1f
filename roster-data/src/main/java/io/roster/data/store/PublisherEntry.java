package io.roster.data.store;

import io.roster.model.registid.KeyedByRegistId;
import io.roster.protocol.data.PayloadCodec;
import io.roster.protocol.data.PublisherWrite;
import java.util.Objects;

/**
 * One stored publisher and who owns it. Immutable; replaced whole on every accepted write.
 *
 * <p>Laid out for a million of them: the registId as two longs, the values packed in one
 * {@code byte[]}, and the strings that repeat across publishers interned.
 */
final class PublisherEntry extends KeyedByRegistId {

  private final String sessionAddress;
  private final long sessionIncarnation;
  private final String connectId;
  private final long clientVersion;
  private final long receivedAtMillis;
  private final String zone;
  private final byte[] payload;

  private PublisherEntry(String registId, String sessionAddress, long sessionIncarnation,
      String connectId, long clientVersion, long receivedAtMillis, String zone, byte[] payload) {
    super(registId);
    this.sessionAddress = sessionAddress;
    this.sessionIncarnation = sessionIncarnation;
    this.connectId = connectId;
    this.clientVersion = clientVersion;
    this.receivedAtMillis = receivedAtMillis;
    this.zone = zone;
    this.payload = payload;
  }

  /** Repeated strings are interned: a million entries share a few sessions, zones, connections. */
  static PublisherEntry of(PublisherWrite w, String sessionAddress, long sessionIncarnation) {
    return new PublisherEntry(w.registId(), sessionAddress.intern(), sessionIncarnation,
        w.connectId().intern(), w.clientVersion(), w.receivedAtMillis(),
        w.zone() == null ? null : w.zone().intern(),
        w.payload() == null ? PayloadCodec.EMPTY : w.payload());
  }

  String sessionAddress() {
    return sessionAddress;
  }

  long sessionIncarnation() {
    return sessionIncarnation;
  }

  long clientVersion() {
    return clientVersion;
  }

  String zone() {
    return zone;
  }

  byte[] payload() {
    return payload;
  }

  /** Registration order: (client version, session receive time). */
  boolean isNewerThan(PublisherEntry other) {
    if (clientVersion != other.clientVersion) {
      return clientVersion > other.clientVersion;
    }
    return receivedAtMillis >= other.receivedAtMillis;
  }

  boolean ownedBy(String session, long incarnation, String connection) {
    return sessionIncarnation == incarnation && sessionAddress.equals(session)
        && connectId.equals(connection);
  }

  /** True when subscribers would see no difference between the two. */
  boolean sameView(PublisherEntry other) {
    return Objects.equals(zone, other.zone) && PayloadCodec.same(payload, other.payload);
  }
}
