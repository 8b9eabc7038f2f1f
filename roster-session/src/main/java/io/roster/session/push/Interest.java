package io.roster.session.push;

import com.alipay.sofa.registry.core.model.DataBox;
import io.roster.protocol.data.DatumReply;
import io.roster.protocol.data.PublisherView;
import io.roster.session.store.Registration.Sub;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the push engine knows about one dataInfoId: who subscribes, over which connection,
 * which version each of them has, and the latest datum fetched from data. Owned by the push thread.
 */
final class Interest {

  final String dataInfoId;
  /** peerId → (registId → subscriber). */
  final Map<String, Map<String, Sub>> subsByPeer = new HashMap<>();
  final Map<String, Long> pushedVersion = new HashMap<>();
  /** Connections with a push of this dataInfoId in flight: at most one each. */
  final Set<String> inFlightPeers = new HashSet<>();
  /** The highest version data announced; a fetched datum older than this is fetched again. */
  long announcedVersion;
  DatumReply datum;
  /** The publishers of {@link #datum}, decoded once per version. */
  List<PublisherView> publishers = List.of();
  boolean fetching;
  int fetchFailures;
  /** When a notice of a version newer than {@link #datum} first arrived; 0 when none is pending. */
  long noticedAtNanos;
  /** When the change behind the current {@link #datum} reached this session; push latency starts here. */
  long changeStartNanos;
  /** Zone → boxes views of {@link #datum}, built once per version and shared by every push. */
  final Map<String, Map<String, List<DataBox>>> views = new LinkedHashMap<>();

  Interest(String dataInfoId) {
    this.dataInfoId = dataInfoId;
  }

  boolean isEmpty() {
    return subsByPeer.isEmpty();
  }

  long datumVersion() {
    return datum == null ? 0 : datum.version();
  }

  /** True when some subscriber on that connection has not been pushed the current datum. */
  boolean behindOn(String peerId) {
    Map<String, Sub> subs = subsByPeer.get(peerId);
    if (subs == null || datum == null) {
      return false;
    }
    long version = datum.version();
    for (String registId : subs.keySet()) {
      if (pushedVersion.getOrDefault(registId, 0L) < version) {
        return true;
      }
    }
    return false;
  }
}
