package io.roster.data.store;

import io.roster.protocol.data.PublisherWrite;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** One stored publisher and who owns it. Immutable; replaced whole on every accepted write. */
record PublisherEntry(String registId, String sessionAddress, long sessionIncarnation,
    String connectId, long clientVersion, long receivedAtMillis, String zone, List<String> payload) {

  /** Repeated strings are interned: a million entries share a few sessions, zones, connections. */
  static PublisherEntry of(PublisherWrite w, String sessionAddress, long sessionIncarnation) {
    return new PublisherEntry(w.registId(), sessionAddress.intern(), sessionIncarnation,
        w.connectId().intern(), w.clientVersion(), w.receivedAtMillis(),
        w.zone() == null ? null : w.zone().intern(), compact(w.payload()));
  }

  private static List<String> compact(List<String> payload) {
    return payload.size() == 1 ? Collections.singletonList(payload.get(0))
        : Collections.unmodifiableList(new ArrayList<>(payload));
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
    return Objects.equals(zone, other.zone) && payload.equals(other.payload);
  }
}
