package io.roster.data.slot;

import io.roster.data.store.Change;
import io.roster.data.store.DatumStore;
import io.roster.model.Ticker;
import io.roster.protocol.data.PublisherWrite;
import io.roster.protocol.data.SlotSync;
import io.roster.protocol.data.WriteBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One slot at this data node: its role, the leader epoch it serves under, its datums, and the
 * progress of a takeover. Owned by one thread (see docs/CONCURRENCY.md); not thread-safe.
 *
 * <p>Life cycle, driven by the slot tables this node adopts ({@link SlotMap}):
 * <pre>
 *   NONE ──leader──▶ SYNCING ──every live session done, or deadline──▶ LEADER
 *     ▲  ──follower─▶ FOLLOWER ──leader──▶ SYNCING
 *     └── not in the table any more: datums dropped
 * </pre>
 * A takeover starts from whatever replica this node holds. Each session then sends its full set of
 * publishers for the slot; the last part deletes what that session no longer has. When the slot
 * becomes leader, publishers owned by sessions that never finished are dropped (an entry no
 * session claims is gone), every datum is raised above the versions sessions reported, and the
 * datums that changed are returned to be announced.
 */
public final class DataSlot {

  final int id;
  private final Ticker ticker;
  private final long tombstoneTtlNanos;
  private SlotRole role = SlotRole.NONE;
  private long leaderEpoch;
  private DatumStore store;
  private TakeoverSync takeover;
  /** {@code address#incarnation} → the sync series that session is sending (any role). */
  private final Map<String, SyncSeries> series = new HashMap<>();
  /** Sessions ({@code address#incarnation}) that sent a full sync under this leader epoch. */
  private final Set<String> synced = new HashSet<>();
  private final Set<String> syncedAddresses = new HashSet<>();

  DataSlot(int id, Ticker ticker, long tombstoneTtlNanos) {
    this.id = id;
    this.ticker = ticker;
    this.tombstoneTtlNanos = tombstoneTtlNanos;
  }

  public int id() {
    return id;
  }

  public SlotRole role() {
    return role;
  }

  public long leaderEpoch() {
    return leaderEpoch;
  }

  /** The datums held here; null when this node holds no replica of the slot. */
  public DatumStore store() {
    return store;
  }

  boolean serves() {
    return role == SlotRole.LEADER || role == SlotRole.SYNCING;
  }

  /** Whether normal writes of that session may be applied: always once the slot leads. */
  boolean acceptsWritesOf(String session) {
    return role == SlotRole.LEADER || (role == SlotRole.SYNCING && synced.contains(session));
  }

  /** Whether that session has sent its full set under the current leader epoch. */
  boolean hasSynced(String session) {
    return synced.contains(session);
  }

  /** Whether every one of {@code sessions} has sent its full set. */
  boolean allSynced(Set<String> sessions) {
    return synced.containsAll(sessions);
  }

  TakeoverSync takeover() {
    return takeover;
  }

  void becomeFollower() {
    role = SlotRole.FOLLOWER;
    takeover = null;
    clearSyncs();
    ensureStore();
  }

  void startTakeover(long epoch, long syncTimeoutNanos) {
    role = SlotRole.SYNCING;
    leaderEpoch = epoch;
    long now = ticker.nanoTime();
    takeover = new TakeoverSync(now, now + syncTimeoutNanos);
    clearSyncs();
    ensureStore();
  }

  void drop() {
    role = SlotRole.NONE;
    leaderEpoch = 0;
    store = null;
    takeover = null;
    clearSyncs();
  }

  private void clearSyncs() {
    series.clear();
    synced.clear();
    syncedAddresses.clear();
  }

  /** Normal writes of one session; while syncing, their changes are announced at the end. */
  public List<Change> apply(String sessionAddress, long incarnation, List<PublisherWrite> writes) {
    List<Change> changes = store.apply(sessionAddress, incarnation, writes);
    return held(changes);
  }

  /** Drops a session incarnation whose lease meta ended. */
  public List<Change> dropSession(String sessionAddress, long incarnation) {
    return store == null ? List.of() : held(store.dropSession(sessionAddress, incarnation));
  }

  /**
   * Applies one part of a session's sync. Returns the changes to announce now (none while
   * syncing), or null when the part is out of order and the session must start again. Publishers
   * of a {@code spared} owner survive the sync's deletions.
   */
  List<Change> applySync(SlotSync sync, String session, Predicate<String> spared) {
    WriteBatch batch = sync.publishers();
    SyncSeries progress = sync.part() == 0 ? new SyncSeries() : series.get(session);
    if (progress == null || progress.nextPart != sync.part()) {
      series.remove(session);
      return null;
    }
    series.put(session, progress);
    List<PublisherWrite> puts = new ArrayList<>(batch.size());
    for (PublisherWrite w : batch.writes()) {
      if (w.kind() == PublisherWrite.Kind.PUT) {
        puts.add(w);
        progress.claimed.add(w.registId());
      }
    }
    Map<String, Change> changes = new LinkedHashMap<>();
    store.apply(batch.sessionAddress(), batch.sessionIncarnation(), puts).forEach(c -> changes.put(c.dataInfoId(), c));
    Map<String, Long> seen = new HashMap<>();
    for (int i = 0; i < sync.knownIds().size(); i++) {
      seen.merge(sync.knownIds().get(i), sync.knownVersions().get(i), Math::max);
    }
    progress.nextPart++;
    if (sync.last()) {
      series.remove(session);
      store.dropUnclaimed(batch.sessionAddress(), progress.claimed, spared).forEach(c -> changes.put(c.dataInfoId(), c));
      synced.add(session);
      syncedAddresses.add(batch.sessionAddress());
    }
    if (takeover != null) {
      seen.forEach(takeover::saw);
      return held(new ArrayList<>(changes.values()));
    }
    // A repair while leading: a version a session saw above ours means ours went backwards.
    store.raiseAbove(seen).forEach(c -> changes.put(c.dataInfoId(), c));
    return new ArrayList<>(changes.values());
  }

  /**
   * Ends the takeover: publishers of sessions that did not finish are dropped, versions are
   * raised above every one reported, and the slot serves. Returns every datum to announce.
   */
  List<Change> finishTakeover(Predicate<String> spared) {
    TakeoverSync sync = takeover;
    takeover = null;
    role = SlotRole.LEADER;
    Set<String> announce = new HashSet<>(sync.changed);
    store.dropOwnersExcept(syncedAddresses::contains, spared).forEach(c -> announce.add(c.dataInfoId()));
    store.raiseAbove(sync.seenVersions).forEach(c -> announce.add(c.dataInfoId()));
    List<Change> changes = new ArrayList<>(announce.size());
    for (String dataInfoId : announce) {
      changes.add(new Change(dataInfoId, store.version(dataInfoId)));
    }
    return changes;
  }

  /** Only a leader announces: a follower's or a syncing slot's changes are not served yet. */
  private List<Change> held(List<Change> changes) {
    if (takeover != null) {
      changes.forEach(c -> takeover.changed.add(c.dataInfoId()));
      return List.of();
    }
    return role == SlotRole.LEADER ? changes : List.of();
  }

  private void ensureStore() {
    if (store == null) {
      store = new DatumStore(ticker, tombstoneTtlNanos);
    }
  }

  /** The registIds one session's sync named so far, and the part expected next. */
  private static final class SyncSeries {
    final Set<String> claimed = new HashSet<>();
    int nextPart;
  }
}
