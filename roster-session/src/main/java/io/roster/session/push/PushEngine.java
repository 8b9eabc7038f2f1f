package io.roster.session.push;

import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.ReceivedData;
import com.alipay.sofa.registry.core.model.Result;
import io.roster.protocol.Status;
import io.roster.protocol.data.DatumChanged;
import io.roster.protocol.data.DatumQuery;
import io.roster.protocol.data.DatumReply;
import io.roster.protocol.data.PublisherView;
import io.roster.remoting.BoltClient;
import io.roster.remoting.Peer;
import io.roster.session.route.SlotRouter;
import io.roster.session.store.Registration.Sub;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets every subscriber the current datum, as soon as possible, and never an older one.
 *
 * <p>The pipeline: a change notice (or a new subscriber) triggers one fetch per dataInfoId from
 * the slot leader; the fetched datum is turned into zone views once; each connection then gets
 * at most one push in flight per dataInfoId, and a push that finds a newer datum when it
 * completes is followed by another. There are no timed windows: bursts merge because a
 * connection that is busy simply gets the newest datum next. Failed pushes retry with backoff
 * while the connection is open. Owned by one thread ({@code session-push}); the public methods
 * may be called from any thread and hand off.
 */
public final class PushEngine {

  private static final Logger LOG = LoggerFactory.getLogger(PushEngine.class);
  private static final int FETCH_TIMEOUT_MILLIS = 3000;
  private static final int PUSH_TIMEOUT_MILLIS = 5000;
  private static final int MAX_PUSH_ATTEMPTS = 8;

  private final String dataCenter;
  private final SlotRouter router;
  private final BoltClient dataBolt;
  private final ScheduledExecutorService thread;
  private final Runnable tableStale;
  private final Map<String, Interest> interests = new HashMap<>();
  private final Map<String, List<Interest>> interestsByPeer = new HashMap<>();
  private final PushMetrics metrics;

  public PushEngine(String dataCenter, SlotRouter router, BoltClient dataBolt,
      ScheduledExecutorService thread, Runnable tableStale, PushMetrics metrics) {
    this.metrics = metrics;
    this.dataCenter = dataCenter;
    this.router = router;
    this.dataBolt = dataBolt;
    this.thread = thread;
    this.tableStale = tableStale;
  }

  public void subscriberAdded(Sub sub, Peer peer) {
    thread.execute(() -> {
      Interest interest = interests.computeIfAbsent(sub.dataInfoId(), Interest::new);
      if (!interest.peers.containsKey(peer.id())) {
        interestsByPeer.computeIfAbsent(peer.id(), p -> new ArrayList<>()).add(interest);
      }
      interest.peers.put(peer.id(), peer);
      interest.subsByPeer.computeIfAbsent(peer.id(), p -> new LinkedHashMap<>()).put(sub.registId(), sub);
      interest.pushedVersion.remove(sub.registId());
      if (interest.datum != null) {
        push(interest, peer.id());
      }
      // Always confirm with data: a cached datum may be behind a change whose notice was lost.
      fetch(interest);
    });
  }

  public void subscriberRemoved(Sub sub) {
    thread.execute(() -> {
      Interest interest = interests.get(sub.dataInfoId());
      if (interest == null) {
        return;
      }
      Map<String, Sub> onPeer = interest.subsByPeer.get(sub.connectId());
      if (onPeer != null && onPeer.get(sub.registId()) == sub) {
        onPeer.remove(sub.registId());
        interest.pushedVersion.remove(sub.registId());
        if (onPeer.isEmpty()) {
          forgetPeer(interest, sub.connectId());
        }
      }
    });
  }

  public void datumChanged(DatumChanged notice) {
    thread.execute(() -> {
      for (int i = 0; i < notice.dataInfoIds().size(); i++) {
        Interest interest = interests.get(notice.dataInfoIds().get(i));
        if (interest != null) {
          interest.announcedVersion = Math.max(interest.announcedVersion, notice.versions().get(i));
          if (interest.announcedVersion > interest.datumVersion()) {
            if (interest.noticedAtNanos == 0) {
              interest.noticedAtNanos = System.nanoTime();
            }
            fetch(interest);
          }
        }
      }
    });
  }

  /** After a data node restarted or the table moved: ask data again about everything. */
  public void refetchAll() {
    thread.execute(() -> interests.values().forEach(this::fetch));
  }

  public long pushCount() {
    return (long) metrics.pushes.get();
  }

  public long droppedCount() {
    return (long) metrics.dropped.get();
  }

  /** Pushes that never went out because a newer datum replaced them while one was in flight. */
  public long mergedCount() {
    return (long) metrics.merged.get();
  }

  private void forgetPeer(Interest interest, String peerId) {
    interest.subsByPeer.remove(peerId);
    interest.peers.remove(peerId);
    interest.slots.remove(peerId);
    List<Interest> ofPeer = interestsByPeer.get(peerId);
    if (ofPeer != null) {
      ofPeer.remove(interest);
      if (ofPeer.isEmpty()) {
        interestsByPeer.remove(peerId);
      }
    }
    if (interest.isEmpty()) {
      interests.remove(interest.dataInfoId);
    }
  }

  private void fetch(Interest interest) {
    if (interest.fetching) {
      return;
    }
    String leader = router.table().leaderOf(interest.dataInfoId);
    if (leader == null) {
      retryFetch(interest, "no slot table yet");
      return;
    }
    interest.fetching = true;
    DatumQuery query = new DatumQuery(interest.dataInfoId, router.table().epoch());
    dataBolt.invoke(leader, query, FETCH_TIMEOUT_MILLIS).whenCompleteAsync((reply, error) -> {
      interest.fetching = false;
      if (error == null && reply instanceof DatumReply datum && datum.status() == Status.OK) {
        interest.fetchFailures = 0;
        fetched(interest, datum);
      } else {
        if (reply instanceof DatumReply r && r.status() != Status.NOT_READY) {
          tableStale.run();
        }
        retryFetch(interest, error != null ? error.toString() : String.valueOf(reply));
      }
    }, thread);
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

  private void fetched(Interest interest, DatumReply datum) {
    if (interests.get(interest.dataInfoId) != interest) {
      return;
    }
    if (datum.version() > interest.datumVersion()) {
      interest.datum = datum;
      interest.views.clear();
      interest.changeStartNanos = interest.noticedAtNanos != 0 ? interest.noticedAtNanos : System.nanoTime();
      interest.noticedAtNanos = 0;
      for (String peerId : new ArrayList<>(interest.peers.keySet())) {
        push(interest, peerId);
      }
    }
    if (interest.announcedVersion > interest.datumVersion()) {
      fetch(interest);
    }
  }

  private void push(Interest interest, String peerId) {
    Interest.PushSlot slot = interest.slots.computeIfAbsent(peerId, p -> new Interest.PushSlot());
    if (slot.inFlight) {
      if (slot.again) {
        metrics.merged.inc();
      }
      slot.again = true;
      return;
    }
    Peer peer = interest.peers.get(peerId);
    Map<String, Sub> subs = interest.subsByPeer.get(peerId);
    if (peer == null || subs == null || interest.datum == null) {
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
    slot.inFlight = true;
    slot.again = false;
    PushRound round = new PushRound(interest, peerId, slot, version, groups.size(),
        interest.changeStartNanos);
    groups.forEach((key, group) -> send(interest, peer, key, group, version, round));
  }

  private void send(Interest interest, Peer peer, String viewKey, List<Sub> group, long version,
      PushRound round) {
    Map<String, List<DataBox>> view = interest.views.computeIfAbsent(viewKey,
        k -> ZoneViews.build(interest.datum.publishers(), group.get(0)));
    ReceivedData data = ZoneViews.receivedData(group, view, version, dataCenter);
    metrics.pushes.inc();
    peer.invoke(data, PUSH_TIMEOUT_MILLIS).whenCompleteAsync((reply, error) -> {
      boolean ok = error == null && (!(reply instanceof Result r) || r.isSuccess());
      if (ok) {
        group.forEach(sub -> interest.pushedVersion.merge(sub.registId(), version, Math::max));
      }
      round.done(ok, error != null ? error.toString() : String.valueOf(reply));
    }, thread);
  }

  /** The pushes of one (connection, dataInfoId) at one version; the slot frees when all end. */
  private final class PushRound {
    final Interest interest;
    final String peerId;
    final Interest.PushSlot slot;
    final long version;
    final long startNanos;
    int outstanding;
    boolean failed;
    String why;

    PushRound(Interest interest, String peerId, Interest.PushSlot slot, long version,
        int outstanding, long startNanos) {
      this.startNanos = startNanos;
      this.interest = interest;
      this.peerId = peerId;
      this.slot = slot;
      this.version = version;
      this.outstanding = outstanding;
    }

    void done(boolean ok, String reason) {
      if (!ok) {
        failed = true;
        why = reason;
      }
      if (--outstanding > 0) {
        return;
      }
      slot.inFlight = false;
      Peer peer = interest.peers.get(peerId);
      if (peer == null || interest.slots.get(peerId) != slot) {
        return;
      }
      if (!failed) {
        slot.failures = 0;
        metrics.latency.observe((System.nanoTime() - startNanos) / 1e9);
        if (slot.again || interest.datumVersion() > version) {
          push(interest, peerId);
        }
        return;
      }
      retry(peer);
    }

    private void retry(Peer peer) {
      if (!peer.isOpen() || ++slot.failures >= MAX_PUSH_ATTEMPTS) {
        metrics.dropped.inc();
        LOG.warn("dropped push of {} v{} to {} after {} attempts: {}", interest.dataInfoId, version,
            peer.remoteAddress(), slot.failures, why);
        return;
      }
      long backoff = Math.min(5000, 50L << slot.failures);
      metrics.retries.inc();
      thread.schedule(() -> push(interest, peerId), backoff, TimeUnit.MILLISECONDS);
    }
  }
}
