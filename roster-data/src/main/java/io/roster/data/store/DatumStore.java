package io.roster.data.store;

import io.roster.model.DatumVersions;
import io.roster.model.Ticker;
import io.roster.protocol.data.DatumReply;
import io.roster.protocol.data.PublisherWrite;
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

  public DatumStore(Ticker ticker, long tombstoneTtlNanos) {
    this.ticker = ticker;
    this.tombstoneTtlNanos = tombstoneTtlNanos;
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
    List<Datum> touched = new ArrayList<>();
    for (Datum datum : datums.values()) {
      int removed = datum.removeIf(e ->
          e.sessionIncarnation() == incarnation && e.sessionAddress().equals(sessionAddress));
      if (removed > 0) {
        publisherCount -= removed;
        touched.add(datum);
      }
    }
    ownerCounts.remove(owner(sessionAddress, incarnation));
    return bump(touched);
  }

  /**
   * The end of a session's sync: drops every publisher that session (any incarnation at that
   * address) owns here whose registId is not in {@code claimed}, except those of an owner
   * ({@code address#incarnation}) that {@code spared} names.
   */
  public List<Change> dropUnclaimed(String sessionAddress, Set<String> claimed, Predicate<String> spared) {
    return dropWhere(e -> e.sessionAddress().equals(sessionAddress) && !claimed.contains(e.registId())
        && !spared.test(owner(e.sessionAddress(), e.sessionIncarnation())));
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
    }
    return changes;
  }

  private record TombstoneExpiry(long deadlineNanos, String dataInfoId, String registId, long version) {}
}
