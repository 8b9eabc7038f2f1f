package io.roster.data.store;

import io.roster.protocol.data.PayloadCodec;
import io.roster.protocol.data.PublisherWrite;
import java.util.Objects;

/** One stored publisher and who owns it. Immutable; replaced whole on every accepted write. */
record PublisherEntry(String registId, String sessionAddress, long sessionIncarnation,
    String connectId, long clientVersion, long receivedAtMillis, String zone, byte[] payload) {

  /** Repeated strings are interned: a million entries share a few sessions, zones, connections. */
  static PublisherEntry of(PublisherWrite w, String sessionAddress, long sessionIncarnation) {
    return new PublisherEntry(w.registId(), sessionAddress.intern(), sessionIncarnation,
        w.connectId().intern(), w.clientVersion(), w.receivedAtMillis(),
        w.zone() == null ? null : w.zone().intern(),
        w.payload() == null ? PayloadCodec.EMPTY : w.payload());
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
