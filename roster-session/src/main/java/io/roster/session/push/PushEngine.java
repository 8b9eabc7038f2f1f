package io.roster.session.push;

import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.ReceivedData;
import com.alipay.sofa.registry.core.model.Result;
import io.roster.model.Slots;
import io.roster.protocol.Status;
import io.roster.protocol.data.DatumChanged;
import io.roster.protocol.data.DatumQuery;
import io.roster.protocol.data.DatumReply;
import io.roster.protocol.data.DatumUnwatch;
import io.roster.remoting.BoltClient;
import io.roster.remoting.NamedThreads;
import io.roster.remoting.Peer;
import io.roster.session.route.SlotRouter;
import io.roster.session.store.Registration.Sub;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets every subscriber the current datum, as soon as possible, and never an older one.
 *
 * <p>The pipeline, with no timed windows anywhere:
 * <ol>
 *   <li>a change notice (or a new subscriber) triggers one fetch per dataInfoId from the slot
 *       leader, never two at once; notices that arrive meanwhile fold into the next fetch;
 *   <li>a fetched datum becomes zone views once per version, shared by every push;
 *   <li>each connection has an {@link Outbox}: at most {@code window} pushes in flight and at most
 *       one per dataInfoId, the rest queued one entry per dataInfoId. Idle, a change goes out at
 *       once; busy, newer datums replace queued ones, so bursts merge by themselves and a slow
 *       client only slows itself;
 *   <li>a failed push is retried with backoff while the connection is open; repeated failures to
 *       one client address open its circuit ({@link CircuitBreakers}).
 * </ol>
 * Owned by one thread ({@code session-push}); the public methods may be called from any thread and
 * hand off.
 */
public final class PushEngine {

  private static final Logger LOG = LoggerFactory.getLogger(PushEngine.class);
  private static final int FETCH_TIMEOUT_MILLIS = 3000;
  private static final int PUSH_TIMEOUT_MILLIS = 5000;
  private static final int MAX_PUSH_ATTEMPTS = 8;
  private static final int WINDOW = 1;
  /** Fetches in flight at once; the rest wait in {@link #fetchQueue}, one entry per dataInfoId. */
  private static final int MAX_FETCHES = 256;

  private final String dataCenter;
  private final SlotRouter router;
  private final BoltClient dataBolt;
  private final ScheduledExecutorService thread;
  private final Runnable tableStale;
  private final LeaderVersionCheck leaderCheck;
  private final PushMetrics metrics;
  private final Map<String, Interest> interests = new HashMap<>();
  private final Map<String, Outbox> outboxes = new HashMap<>();
  private long repushed;
  private final Map<String, Integer> outboxesPerAddress = new HashMap<>();
  private final LinkedHashSet<Interest> fetchQueue = new LinkedHashSet<>();
  private int fetchesInFlight;
  private final CircuitBreakers breakers = new CircuitBreakers(5, TimeUnit.MILLISECONDS.toNanos(500),
      TimeUnit.SECONDS.toNanos(30));

  /**
   * @param tableStale told when data refused a fetch for a table reason: heartbeat soon
   * @param leaderBehind told the dataInfoId when the slot's leader offers a version at or below
   *     the one held here with other publishers (see {@link LeaderVersionCheck}); the slot
   *     should be resynced, which reports the versions held here and so raises the leader's
   */
  public PushEngine(String dataCenter, SlotRouter router, BoltClient dataBolt,
      ScheduledExecutorService thread, Runnable tableStale, Consumer<String> leaderBehind,
      PushMetrics metrics) {
    this.leaderCheck = new LeaderVersionCheck(leaderBehind, metrics);
    this.dataCenter = dataCenter;
    this.router = router;
    this.dataBolt = dataBolt;
    this.thread = thread;
    this.tableStale = tableStale;
    this.metrics = metrics;
  }

  public void subscriberAdded(Sub sub, Peer peer) {
    NamedThreads.handOff(thread, () -> {
      Interest interest = interests.computeIfAbsent(sub.dataInfoId(), Interest::new);
      Outbox outbox = outboxes.computeIfAbsent(peer.id(), p -> {
        outboxesPerAddress.merge(peer.remoteIp(), 1, Integer::sum);
        return new Outbox(peer);
      });
      Map<String, Sub> onPeer = interest.subsByPeer.computeIfAbsent(peer.id(), p -> {
        outbox.interests++;
        return new LinkedHashMap<>();
      });
      onPeer.put(sub.registId(), sub);
      interest.pushedVersion.remove(sub.registId());
      if (interest.datum != null) {
        offer(outbox, interest);
      }
      // Always confirm with data: a cached datum may be behind a change whose notice was lost.
      fetch(interest);
    });
  }

  public void subscriberRemoved(Sub sub) {
    NamedThreads.handOff(thread, () -> {
      Interest interest = interests.get(sub.dataInfoId());
      Map<String, Sub> onPeer = interest == null ? null : interest.subsByPeer.get(sub.connectId());
      if (onPeer == null || onPeer.get(sub.registId()) != sub) {
        return;
      }
      onPeer.remove(sub.registId());
      interest.pushedVersion.remove(sub.registId());
      if (onPeer.isEmpty()) {
        interest.subsByPeer.remove(sub.connectId());
        forget(interest, sub.connectId());
      }
    });
  }

  /**
   * A change notice from the data node on {@code from}. Watched datums come whole and are pushed
   * at once; the others are fetched. A whole datum nobody here wants any more is unwatched.
   */
  public void datumChanged(DatumChanged notice, Peer from) {
    NamedThreads.handOff(thread, () -> {
      try {
        notice.validate();
      } catch (IllegalArgumentException malformed) {
        LOG.warn("ignored a malformed change notice from {}: {}", from.remoteAddress(), malformed.getMessage());
        return;
      }
      List<String> unwanted = new ArrayList<>();
      Set<String> sentAlong = new HashSet<>();
      for (DatumReply datum : notice.datums()) {
        sentAlong.add(datum.dataInfoId());
        Interest interest = interests.get(datum.dataInfoId());
        if (interest == null) {
          unwanted.add(datum.dataInfoId());
        } else if (datum.status() == Status.OK
            && dataBolt.isConnectionTo(router.table().leaderOf(datum.dataInfoId()), from)) {
          // Only from the slot's leader as this session knows it; from anyone else it is an announcement.
          interest.announcedVersion = Math.max(interest.announcedVersion, datum.version());
          if (datum.version() > interest.datumVersion() && interest.noticedAtNanos == 0) {
            interest.noticedAtNanos = System.nanoTime();
          }
          leaderCheck.offered(interest, datum);
          adopt(interest, datum);
        }
      }
      if (!unwanted.isEmpty()) {
        from.oneway(new DatumUnwatch(unwanted));
      }
      for (int i = 0; i < notice.dataInfoIds().size(); i++) {
        Interest interest = interests.get(notice.dataInfoIds().get(i));
        if (interest == null) {
          continue;
        }
        long announced = notice.versions().get(i);
        if (announced < interest.datumVersion() && !sentAlong.contains(interest.dataInfoId)
            && dataBolt.isConnectionTo(router.table().leaderOf(interest.dataInfoId), from)) {
          leaderCheck.behind(interest, announced); // a change never fetched: a newer one is held
        }
        interest.announcedVersion = Math.max(interest.announcedVersion, announced);
        if (interest.announcedVersion > interest.datumVersion()) {
          if (interest.noticedAtNanos == 0) {
            interest.noticedAtNanos = System.nanoTime();
          }
          fetch(interest);
        }
      }
    });
  }

  /** After a data node restarted or the table moved: ask data again about everything. */
  public void refetchAll() {
    NamedThreads.handOff(thread, () -> interests.values().forEach(this::fetch));
  }

  /**
   * The datum version held for every dataInfoId of the given slots, by slot: what this session
   * has seen and may have pushed, so a new slot leader can issue versions above it.
   */
  public CompletableFuture<Map<Integer, Map<String, Long>>> seenVersions(Set<Integer> slots, int slotCount) {
    CompletableFuture<Map<Integer, Map<String, Long>>> result = new CompletableFuture<>();
    NamedThreads.handOff(thread, () -> {
      Map<Integer, Map<String, Long>> bySlot = new HashMap<>();
      for (Interest interest : interests.values()) {
        int slot = Slots.slotOf(interest.dataInfoId, slotCount);
        if (slots.contains(slot) && interest.datum != null) {
          bySlot.computeIfAbsent(slot, s -> new HashMap<>()).put(interest.dataInfoId, interest.datumVersion());
        }
      }
      result.complete(bySlot);
    });
    return result;
  }

  /**
   * The pushed-version check (anti-entropy for pushes), on the push thread: every connection
   * whose subscribers are behind the datum held here, with nothing of that datum queued, in flight
   * or waiting to retry on it, is offered the datum again. This repairs a push given up after its
   * retries, which would otherwise wait for the datum's next change.
   */
  public void recheckPushed() {
    for (Interest interest : interests.values()) {
      if (interest.datum == null) {
        continue;
      }
      for (String peerId : List.copyOf(interest.subsByPeer.keySet())) {
        Outbox outbox = outboxes.get(peerId);
        if (outbox != null && outbox.peer.isOpen() && interest.behindOn(peerId)
            && !outbox.ready.contains(interest) && !interest.inFlightPeers.contains(peerId)
            && !outbox.failures.containsKey(interest)) {
          metrics.repushed.inc();
          repushed++;
          offer(outbox, interest);
        }
      }
    }
  }

  /** Pushes the pushed-version check sent again; push thread (or a test after it ran). */
  public long repushedCount() {
    return repushed;
  }

  public long pushCount() {
    return (long) metrics.pushes.get();
  }

  public long droppedCount() {
    return (long) metrics.dropped.get();
  }

  /** Pushes that never went out because a newer datum replaced them while they waited. */
  public long mergedCount() {
    return (long) metrics.merged.get();
  }

  private void forget(Interest interest, String peerId) {
    Outbox outbox = outboxes.get(peerId);
    if (outbox != null) {
      outbox.ready.remove(interest);
      outbox.failures.remove(interest);
      if (--outbox.interests == 0) {
        outboxes.remove(peerId);
        String address = outbox.peer.remoteIp();
        if (outboxesPerAddress.merge(address, -1, Integer::sum) <= 0) {
          outboxesPerAddress.remove(address);
          breakers.forget(address);
        }
      }
    }
    if (interest.isEmpty()) {
      interests.remove(interest.dataInfoId);
      String leader = router.table().leaderOf(interest.dataInfoId);
      if (leader != null) {
        // Best effort: a datum still sent along later is answered with an unwatch then.
        dataBolt.onewayIfConnected(leader, new DatumUnwatch(List.of(interest.dataInfoId)));
      }
    }
  }

  private void fetch(Interest interest) {
    if (interest.fetching) {
      return;
    }
    if (fetchesInFlight >= MAX_FETCHES) {
      fetchQueue.add(interest);
      return;
    }
    fetchQueue.remove(interest);
    String leader = router.table().leaderOf(interest.dataInfoId);
    if (leader == null) {
      retryFetch(interest, "no slot table yet");
      return;
    }
    interest.fetching = true;
    fetchesInFlight++;
    DatumQuery query = new DatumQuery(interest.dataInfoId, router.table().slotOf(interest.dataInfoId).leaderEpoch());
    long before = interest.datumVersion();
    dataBolt.invokeIfConnected(leader, query, FETCH_TIMEOUT_MILLIS).whenCompleteAsync(NamedThreads.logged(
        "fetch of " + interest.dataInfoId, (reply, error) -> {
          interest.fetching = false;
          fetchesInFlight--;
          if (error == null && reply instanceof DatumReply datum && datum.status() == Status.OK) {
            interest.fetchFailures = 0;
            fetched(interest, datum, before);
          } else {
            if (reply instanceof DatumReply r && r.status() != Status.NOT_READY) {
              tableStale.run();
            }
            retryFetch(interest, error != null ? error.toString() : String.valueOf(reply));
          }
          startQueuedFetch();
        }), thread);
  }

  private void startQueuedFetch() {
    Iterator<Interest> next = fetchQueue.iterator();
    while (fetchesInFlight < MAX_FETCHES && next.hasNext()) {
      Interest interest = next.next();
      next.remove();
      if (interests.get(interest.dataInfoId) == interest && !interest.fetching) {
        fetch(interest);
        next = fetchQueue.iterator();
      }
    }
  }

  private void retryFetch(Interest interest, String why) {
    int failures = ++interest.fetchFailures;
    long backoff = Math.min(2000, 20L << Math.min(failures, 7));
    if (failures == 1 || failures % 20 == 0) {
      LOG.warn("fetching {} failed ({} in a row), retrying in {} ms: {}", interest.dataInfoId, failures, backoff, why);
    }
    thread.schedule(() -> {
      if (interests.get(interest.dataInfoId) == interest) {
        fetch(interest);
      }
    }, backoff, TimeUnit.MILLISECONDS);
  }

  private void fetched(Interest interest, DatumReply datum, long versionBefore) {
    if (interests.get(interest.dataInfoId) != interest) {
      return;
    }
    leaderCheck.offered(interest, datum);
    if (!adopt(interest, datum)) {
      retryFetch(interest, "unreadable reply for " + datum.dataInfoId());
      return;
    }
    if (interest.announcedVersion > interest.datumVersion()) {
      if (interest.datumVersion() > versionBefore) {
        fetch(interest);
      } else {
        // No progress: the leader has not caught up with the announced version (yet). Back off.
        retryFetch(interest, "leader is behind announced version " + interest.announcedVersion);
      }
    }
  }

  /**
   * Takes a datum newer than the one held and queues it for every connection that wants it; an
   * older or equal one changes nothing. False when its bytes cannot be read.
   */
  private boolean adopt(Interest interest, DatumReply datum) {
    if (datum.version() <= interest.datumVersion()) {
      return true;
    }
    try {
      interest.publishers = datum.publishers();
    } catch (IllegalArgumentException corrupt) {
      LOG.warn("unreadable datum {} v{}: {}", datum.dataInfoId(), datum.version(), corrupt.getMessage());
      return false;
    }
    interest.datum = datum;
    interest.views.clear();
    interest.changeStartNanos = interest.noticedAtNanos != 0 ? interest.noticedAtNanos : System.nanoTime();
    interest.noticedAtNanos = 0;
    for (String peerId : interest.subsByPeer.keySet()) {
      Outbox outbox = outboxes.get(peerId);
      if (outbox != null) {
        offer(outbox, interest);
      }
    }
    return true;
  }

  /** Queues the dataInfoId for the connection; one that was already queued merges. */
  private void offer(Outbox outbox, Interest interest) {
    if (!outbox.ready.add(interest)) {
      metrics.merged.inc();
    }
    pump(outbox);
  }

  private void pump(Outbox outbox) {
    if (outboxes.get(outbox.peer.id()) != outbox) {
      return;
    }
    long wait = breakers.waitNanos(outbox.peer.remoteIp(), System.nanoTime());
    if (wait > 0) {
      thread.schedule(() -> pump(outbox), wait, TimeUnit.NANOSECONDS);
      return;
    }
    Iterator<Interest> it = outbox.ready.iterator();
    while (outbox.inFlight < WINDOW && it.hasNext()) {
      Interest interest = it.next();
      if (interest.inFlightPeers.contains(outbox.peer.id())) {
        continue; // its completion re-offers it if still behind
      }
      it.remove();
      send(outbox, interest);
    }
  }

  private void send(Outbox outbox, Interest interest) {
    String peerId = outbox.peer.id();
    Map<String, Sub> subs = interest.subsByPeer.get(peerId);
    if (subs == null || interest.datum == null) {
      return;
    }
    long version = interest.datum.version();
    Map<String, List<Sub>> groups = new LinkedHashMap<>();
    for (Sub sub : subs.values()) {
      if (interest.pushedVersion.getOrDefault(sub.registId(), 0L) < version) {
        groups.computeIfAbsent(ZoneViews.key(sub), k -> new ArrayList<>()).add(sub);
      }
    }
    if (groups.isEmpty()) {
      return;
    }
    outbox.inFlight++;
    interest.inFlightPeers.add(peerId);
    PushRound round = new PushRound(outbox, interest, version, groups.size(), interest.changeStartNanos);
    groups.forEach((key, group) -> {
      Map<String, List<DataBox>> view = interest.views.computeIfAbsent(key,
          k -> ZoneViews.build(interest.publishers, group.get(0)));
      ReceivedData data = ZoneViews.receivedData(group, view, version, dataCenter);
      metrics.pushes.inc();
      outbox.peer.invoke(data, PUSH_TIMEOUT_MILLIS).whenCompleteAsync(NamedThreads.logged(
          "push of " + interest.dataInfoId, (reply, error) -> {
            boolean ok = error == null && reply instanceof Result r && r.isSuccess();
            if (ok) {
              Map<String, Sub> current = interest.subsByPeer.get(peerId);
              for (Sub sub : group) {
                // Only subscribers still registered here: one that moved or left keeps its own state.
                if (current != null && current.get(sub.registId()) == sub) {
                  interest.pushedVersion.merge(sub.registId(), version, Math::max);
                }
              }
            }
            round.done(ok, error != null ? error.toString() : String.valueOf(reply));
          }), thread);
    });
  }

  /** The pushes of one (connection, dataInfoId) at one version; the slot frees when all end. */
  private final class PushRound {
    final Outbox outbox;
    final Interest interest;
    final long version;
    final long startNanos;
    int outstanding;
    boolean failed;
    String why;

    PushRound(Outbox outbox, Interest interest, long version, int outstanding, long startNanos) {
      this.outbox = outbox;
      this.interest = interest;
      this.version = version;
      this.outstanding = outstanding;
      this.startNanos = startNanos;
    }

    void done(boolean ok, String reason) {
      if (!ok) {
        failed = true;
        why = reason;
      }
      if (--outstanding > 0) {
        return;
      }
      outbox.inFlight--;
      String peerId = outbox.peer.id();
      interest.inFlightPeers.remove(peerId);
      // The connection's outbox may have been dropped and made anew while this round was out.
      Outbox current = outboxes.get(peerId);
      if (failed) {
        failedRound(current);
      } else {
        breakers.succeeded(outbox.peer.remoteIp());
        metrics.latency.observe((System.nanoTime() - startNanos) / 1e9);
        if (current != null) {
          current.failures.remove(interest);
          if (interest.behindOn(peerId)) {
            current.ready.add(interest);
          }
        }
      }
      if (current != null) {
        pump(current);
      }
    }

    private void failedRound(Outbox current) {
      if (current == null) {
        metrics.dropped.inc();
        return; // the connection has no subscribers left
      }
      int failures = current.failures.merge(interest, 1, Integer::sum);
      String address = outbox.peer.remoteIp();
      if (breakers.failed(address, System.nanoTime())) {
        LOG.warn("circuit open for client {} after repeated push failures: {}", address, why);
      }
      if (!current.peer.isOpen() || failures >= MAX_PUSH_ATTEMPTS) {
        metrics.dropped.inc();
        current.failures.remove(interest);
        LOG.warn("dropped push of {} v{} to {} after {} attempts: {}", interest.dataInfoId, version,
            outbox.peer.remoteAddress(), failures, why);
        return;
      }
      metrics.retries.inc();
      long backoff = Math.min(5000, 50L << failures);
      thread.schedule(() -> {
        Outbox now = outboxes.get(current.peer.id());
        if (now != null && interest.behindOn(now.peer.id())) {
          offer(now, interest);
        }
      }, backoff, TimeUnit.MILLISECONDS);
    }
  }
}
