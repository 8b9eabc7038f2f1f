package io.roster.data.store;

import io.roster.model.registid.KeyedByRegistId;
import io.roster.protocol.data.OwnerDigests;
import io.roster.protocol.data.PayloadCodec;
import io.roster.protocol.data.PublisherWrite;
import io.roster.protocol.data.ReplicaEntry;
import java.util.Arrays;
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

  /** A publisher as a follower received it from its leader: owner and all, unchanged. */
  static PublisherEntry of(ReplicaEntry r) {
    return new PublisherEntry(r.registId(), r.sessionAddress().intern(), r.sessionIncarnation(),
        r.connectId().intern(), r.clientVersion(), r.receivedAtMillis(),
        r.zone() == null ? null : r.zone().intern(),
        r.payload() == null ? PayloadCodec.EMPTY : r.payload());
  }

  ReplicaEntry toReplica() {
    return new ReplicaEntry(registId(), sessionAddress, sessionIncarnation, connectId, clientVersion,
        receivedAtMillis, zone, payload);
  }

  /**
   * Mixes every field a replica must agree on into one long; {@link DatumStore#digest} sums these
   * per datum, so the order publishers are held in does not matter.
   */
  long contentHash() {
    long h = idHigh() * 0x9E3779B97F4A7C15L ^ idLow() ^ Objects.hashCode(idText());
    h = 31 * h + sessionAddress.hashCode();
    h = 31 * h + sessionIncarnation;
    h = 31 * h + connectId.hashCode();
    h = 31 * h + clientVersion;
    h = 31 * h + receivedAtMillis;
    h = 31 * h + Objects.hashCode(zone);
    h = 31 * h + Arrays.hashCode(payload);
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    return h ^ (h >>> 33);
  }

  /** This publisher's share of its session's digest; see {@link OwnerDigests#hashOf}. */
  long ownerHash() {
    return OwnerDigests.hashOf(registId(), connectId, clientVersion, receivedAtMillis);
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
