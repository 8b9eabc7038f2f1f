package io.roster.session.push;

import com.alipay.sofa.registry.core.model.DataBox;
import io.roster.protocol.data.DatumReply;
import io.roster.remoting.Peer;
import io.roster.session.store.Registration.Sub;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the push engine knows about one dataInfoId: who subscribes, over which connection,
 * which version each of them has, and the latest datum fetched from data. Owned by the push thread.
 */
final class Interest {

  final String dataInfoId;
  /** peerId → (registId → subscriber). */
  final Map<String, Map<String, Sub>> subsByPeer = new HashMap<>();
  final Map<String, Peer> peers = new HashMap<>();
  final Map<String, Long> pushedVersion = new HashMap<>();
  final Map<String, PushSlot> slots = new HashMap<>();
  /** The highest version data announced; a fetched datum older than this is fetched again. */
  long announcedVersion;
  DatumReply datum;
  boolean fetching;
  /** When a notice of a version newer than {@link #datum} first arrived; 0 when none is pending. */
  long noticedAtNanos;
  /** When the change behind the current {@link #datum} reached this session; push latency starts here. */
  long changeStartNanos;
  int fetchFailures;
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

  /** At most one push in flight per (connection, dataInfoId); a newer one waits here. */
  static final class PushSlot {
    boolean inFlight;
    boolean again;
    int failures;
  }
}
