package io.roster.data.store;

import io.roster.model.DatumVersions;
import io.roster.model.Ticker;
import io.roster.protocol.data.DatumDelta;
import io.roster.protocol.data.DatumReply;
import io.roster.protocol.data.PublisherWrite;
import io.roster.protocol.data.ReplicaEntry;
import io.roster.protocol.data.WriteBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The publishers of one slot at this data node, by dataInfoId. Each slot has its own store
 * (see {@code io.roster.data.slot.DataSlot}), so losing a slot drops exactly its datums.
 *
 * <p>Not thread-safe by design: one thread (the data node's store thread) owns it, so the
 * ownership rules below need no locks and are easy to test.
 *
 * <ul>
 *   <li>Writes of one registId are ordered by (client version, session receive time); an older one
 *       is ignored. An equal version from another connection takes ownership.
 *   <li>{@code UNREGISTER} removes the publisher and leaves a tombstone at its version, so a late
 *       {@code REGISTER} with a lower or equal version cannot revive it. Tombstones expire.
 *   <li>{@code CLIENT_OFF} removes the publisher only while (session, incarnation, connection) is
 *       still its owner, so a late client-off never deletes a re-registration.
 *   <li>The datum version moves only when what subscribers see changes, and it only grows.
 * </ul>
 */
public final class DatumStore {

  private final Ticker ticker;
  private final long tombstoneTtlNanos;
  private final Map<String, Datum> datums = new HashMap<>();
  private final ArrayDeque<TombstoneExpiry> expiries = new ArrayDeque<>();
  private int publisherCount;
  /** {@code address#incarnation} → publishers it owns here; kept so lease checks need no scan. */
  private final Map<String, Integer> ownerCounts = new HashMap<>();
  /** What changed since the last drain, for the followers; null unless this store records. */
  private DeltaLog deltas;

  public DatumStore(Ticker ticker, long tombstoneTtlNanos) {
    this.ticker = ticker;
    this.tombstoneTtlNanos = tombstoneTtlNanos;
  }

  /**
   * Starts (or stops) recording every change as {@link DatumDelta}s for the followers; a slot
   * leader with followers records, a follower does not. Stopping discards what was recorded.
   */
  public void recordDeltas(boolean on) {
    if (!on) {
      deltas = null;
    } else if (deltas == null) {
      deltas = new DeltaLog();
    }
  }

  /** The changes recorded since the last drain, in the order made; empty when not recording. */
  public List<DatumDelta> drainDeltas() {
    return deltas == null ? List.of() : deltas.drain();
  }

  /** Applies every write of the batch, in order; returns the datums that changed. */
  public List<Change> apply(WriteBatch batch) {
    return apply(batch.sessionAddress(), batch.sessionIncarnation(), batch.writes());
  }

  /** Applies the writes of one session incarnation, in order; returns the datums that changed. */
  public List<Change> apply(String sessionAddress, long sessionIncarnation, List<PublisherWrite> writes) {
    Map<String, Datum> touched = new LinkedHashMap<>();
    for (PublisherWrite w : writes) {
      if (w.kind() == PublisherWrite.Kind.CLIENT_OFF && !datums.containsKey(w.dataInfoId())) {
        continue; // nothing to remove, and no reason to start remembering this id
      }
      Datum datum = datums.computeIfAbsent(w.dataInfoId(), id -> new Datum(id, DatumVersions.NEVER_PUBLISHED));
      boolean changed = switch (w.kind()) {
        case PUT -> put(datum, w.registId(), PublisherEntry.of(w, sessionAddress, sessionIncarnation));
        case UNREGISTER -> unregister(datum, w);
        case CLIENT_OFF -> clientOff(datum, w, sessionAddress, sessionIncarnation);
      };
      if (changed) {
        touched.put(datum.dataInfoId, datum);
      }
    }
    return bump(touched.values());
  }

  /** Drops every publisher still owned by that session incarnation (its lease is gone). */
  public List<Change> dropSession(String sessionAddress, long incarnation) {
    if (!ownerCounts.containsKey(owner(sessionAddress, incarnation))) {
      return List.of();
    }
    return dropWhere(e -> e.sessionIncarnation() == incarnation && e.sessionAddress().equals(sessionAddress));
  }

  /**
   * The end of a session's sync: drops every publisher that session incarnation owns here whose
   * registId is not in {@code claimed}. Publishers of its earlier incarnations are not the sync's
   * to delete: they end with that incarnation's lease or restart grace, which this node may not
   * even have heard of when the new incarnation syncs.
   */
  public List<Change> dropUnclaimed(String sessionAddress, long incarnation, Set<String> claimed) {
    if (!ownerCounts.containsKey(owner(sessionAddress, incarnation))) {
      return List.of();
    }
    return dropWhere(e -> e.sessionIncarnation() == incarnation && e.sessionAddress().equals(sessionAddress)
        && !claimed.contains(e.registId()));
  }

  /**
   * The end of a takeover: drops every publisher whose owning session is not {@code kept}, except
   * those of an owner ({@code address#incarnation}) that {@code spared} names.
   */
  public List<Change> dropOwnersExcept(Predicate<String> keptSessionAddress, Predicate<String> spared) {
    return dropWhere(e -> !keptSessionAddress.test(e.sessionAddress())
        && !spared.test(owner(e.sessionAddress(), e.sessionIncarnation())));
  }

  /**
   * Raises each named datum above the version given for it (one a session has already seen), so
   * no subscriber is offered a version at or below one it has; a datum unknown here is made,
   * empty. Returns the datums raised.
   */
  public List<Change> raiseAbove(Map<String, Long> seenVersions) {
    List<Datum> raised = new ArrayList<>();
    seenVersions.forEach((id, seen) -> {
      Datum datum = datums.computeIfAbsent(id, d -> new Datum(d, DatumVersions.NEVER_PUBLISHED));
      if (datum.version <= seen) {
        datum.version = seen;
        raised.add(datum);
      }
    });
    return bump(raised);
  }

  /** The current version of a datum held here, or {@link DatumVersions#NEVER_PUBLISHED}. */
  public long version(String dataInfoId) {
    Datum datum = datums.get(dataInfoId);
    return datum == null ? DatumVersions.NEVER_PUBLISHED : datum.version;
  }

  private List<Change> dropWhere(Predicate<PublisherEntry> doomed) {
    List<Datum> touched = new ArrayList<>();
    List<PublisherEntry> gone = new ArrayList<>();
    for (Datum datum : datums.values()) {
      gone.clear();
      datum.forEach(e -> {
        if (doomed.test(e)) {
          gone.add(e);
        }
      });
      if (!gone.isEmpty()) {
        gone.forEach(e -> remove(datum, e));
        touched.add(datum);
      }
    }
    return bump(touched);
  }

  /**
   * A follower repeats its leader's changes: each delta's publishers are put or removed as given,
   * with the owner the leader recorded, and the datum takes the leader's version. Nothing is
   * judged again here; the leader already ordered every write. Returns how many datums changed.
   */
  public int applyReplica(List<DatumDelta> replicated) {
    for (DatumDelta delta : replicated) {
      Datum datum = datums.get(delta.dataInfoId());
      if (delta.mode() == DatumDelta.Mode.DELETE) {
        if (datum != null) {
          removeAll(datum);
          datums.remove(delta.dataInfoId());
        }
        continue;
      }
      if (datum == null) {
        datum = new Datum(delta.dataInfoId(), delta.version());
        datums.put(delta.dataInfoId(), datum);
      } else if (delta.mode() == DatumDelta.Mode.REPLACE) {
        removeAll(datum);
      }
      for (String registId : delta.removes()) {
        PublisherEntry existing = datum.publisher(registId);
        if (existing != null) {
          remove(datum, existing);
        }
      }
      for (ReplicaEntry replica : delta.puts()) {
        PublisherEntry entry = PublisherEntry.of(replica);
        PublisherEntry existing = datum.publisher(entry.registId());
        datum.put(entry);
        countOwner(entry, 1);
        if (existing == null) {
          publisherCount++;
        } else {
          countOwner(existing, -1);
        }
      }
      datum.version = delta.version();
    }
    return replicated.size();
  }

  /** Per datum {version, content hash}: what a follower reports so its leader can diff it. */
  public Map<String, long[]> digest() {
    Map<String, long[]> digest = new HashMap<>(datums.size() * 2);
    datums.forEach((id, datum) -> digest.put(id, new long[] {datum.version, contentHash(datum)}));
    return digest;
  }

  /**
   * What a follower whose digest is {@code theirs} lacks to match this store: every datum that
   * differs, as a {@code REPLACE} (split into a REPLACE and CHANGEs of at most
   * {@code entriesPerDelta} publishers each when large), and a {@code DELETE} for every datum only
   * the follower holds.
   */
  public List<DatumDelta> differenceFrom(Map<String, long[]> theirs, int entriesPerDelta) {
    List<DatumDelta> out = new ArrayList<>();
    datums.forEach((id, datum) -> {
      long[] their = theirs.get(id);
      if (their != null && their.length == 2 && their[0] == datum.version && their[1] == contentHash(datum)) {
        return;
      }
      List<ReplicaEntry> chunk = new ArrayList<>();
      boolean[] first = {true};
      datum.forEach(e -> {
        chunk.add(e.toReplica());
        if (chunk.size() >= entriesPerDelta) {
          out.add(image(datum, first[0], chunk));
          first[0] = false;
          chunk.clear();
        }
      });
      if (first[0] || !chunk.isEmpty()) {
        out.add(image(datum, first[0], chunk));
      }
    });
    theirs.keySet().stream().filter(id -> !datums.containsKey(id)).forEach(id ->
        out.add(new DatumDelta(id, 0, DatumDelta.Mode.DELETE, List.of(), List.of())));
    return out;
  }

  private static DatumDelta image(Datum datum, boolean first, List<ReplicaEntry> entries) {
    return new DatumDelta(datum.dataInfoId, datum.version,
        first ? DatumDelta.Mode.REPLACE : DatumDelta.Mode.CHANGE, entries, List.of());
  }

  private static long contentHash(Datum datum) {
    long[] sum = {datum.publisherCount()};
    datum.forEach(e -> sum[0] += e.contentHash());
    return sum[0];
  }

  private void removeAll(Datum datum) {
    List<PublisherEntry> all = new ArrayList<>(datum.publisherCount());
    datum.forEach(all::add);
    all.forEach(e -> remove(datum, e));
  }

  /** Per owning session ({@code address#incarnation}), {count, sum of owner hashes} of its publishers here. */
  public Map<String, long[]> ownerDigests() {
    Map<String, long[]> digests = new HashMap<>();
    datums.values().forEach(datum -> datum.forEach(e -> {
      long[] d = digests.computeIfAbsent(owner(e.sessionAddress(), e.sessionIncarnation()), k -> new long[2]);
      d[0]++;
      d[1] += e.ownerHash();
    }));
    return digests;
  }

  /** The sessions that own at least one publisher here, as {@code address#incarnation}. */
  public Set<String> owningSessions() {
    return new HashSet<>(ownerCounts.keySet());
  }

  public DatumReply read(String dataInfoId) {
    Datum datum = datums.get(dataInfoId);
    if (datum == null) {
      return DatumReply.empty(dataInfoId, DatumVersions.NEVER_PUBLISHED);
    }
    return datum.reply();
  }

  /** The datum, or null when its packed publishers would exceed {@code limitBytes}; sized before built. */
  public DatumReply readIfSmall(String dataInfoId, int limitBytes) {
    Datum datum = datums.get(dataInfoId);
    return datum == null || datum.packedSizeExceeds(limitBytes) ? null : datum.reply();
  }

  public int publisherCount() {
    return publisherCount;
  }

  public int datumCount() {
    return datums.size();
  }

  /** Forgets tombstones older than the TTL. Call now and then from the owner thread. */
  public void expireTombstones() {
    long now = ticker.nanoTime();
    while (!expiries.isEmpty() && expiries.peekFirst().deadlineNanos - now <= 0) {
      TombstoneExpiry due = expiries.pollFirst();
      Datum datum = datums.get(due.dataInfoId);
      if (datum != null) {
        datum.forget(due.registId, due.version);
      }
    }
  }

  private boolean put(Datum datum, String registId, PublisherEntry incoming) {
    Long tombstone = datum.tombstone(registId);
    if (tombstone != null && incoming.clientVersion() <= tombstone) {
      return false;
    }
    PublisherEntry existing = datum.publisher(registId);
    if (existing != null && !incoming.isNewerThan(existing)) {
      return false;
    }
    datum.put(incoming);
    countOwner(incoming, 1);
    if (deltas != null) {
      deltas.put(datum, incoming);
    }
    if (existing == null) {
      publisherCount++;
      return true;
    }
    countOwner(existing, -1);
    return !incoming.sameView(existing);
  }

  private boolean unregister(Datum datum, PublisherWrite w) {
    Long tombstone = datum.tombstone(w.registId());
    if (tombstone == null || tombstone < w.clientVersion()) {
      datum.bury(w.registId(), w.clientVersion());
      expiries.addLast(new TombstoneExpiry(ticker.nanoTime() + tombstoneTtlNanos,
          datum.dataInfoId, w.registId(), w.clientVersion()));
    }
    PublisherEntry existing = datum.publisher(w.registId());
    if (existing == null || existing.clientVersion() > w.clientVersion()) {
      return false;
    }
    remove(datum, existing);
    return true;
  }

  private boolean clientOff(Datum datum, PublisherWrite w, String session, long incarnation) {
    PublisherEntry existing = datum.publisher(w.registId());
    if (existing == null || !existing.ownedBy(session, incarnation, w.connectId())) {
      return false;
    }
    remove(datum, existing);
    return true;
  }

  private void remove(Datum datum, PublisherEntry entry) {
    datum.remove(entry);
    publisherCount--;
    countOwner(entry, -1);
    if (deltas != null) {
      deltas.remove(datum, entry.registId());
    }
  }

  private void countOwner(PublisherEntry entry, int delta) {
    ownerCounts.merge(owner(entry.sessionAddress(), entry.sessionIncarnation()), delta,
        (a, b) -> a + b == 0 ? null : a + b);
  }

  private static String owner(String sessionAddress, long incarnation) {
    return sessionAddress + "#" + incarnation;
  }

  private List<Change> bump(Iterable<Datum> touched) {
    List<Change> changes = new ArrayList<>();
    long now = ticker.currentTimeMillis();
    for (Iterator<Datum> it = touched.iterator(); it.hasNext(); ) {
      Datum datum = it.next();
      datum.version = DatumVersions.next(now, datum.version);
      changes.add(new Change(datum.dataInfoId, datum.version));
      if (deltas != null) {
        deltas.touched(datum);
      }
    }
    return changes;
  }

  private record TombstoneExpiry(long deadlineNanos, String dataInfoId, String registId, long version) {}
}
