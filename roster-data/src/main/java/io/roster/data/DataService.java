package io.roster.data;

import io.roster.data.notify.ChangeNotifier;
import io.roster.data.slot.SlotGuard;
import io.roster.data.store.Change;
import io.roster.data.store.DatumStore;
import io.roster.protocol.Status;
import io.roster.protocol.data.DatumQuery;
import io.roster.protocol.data.DatumReply;
import io.roster.protocol.data.PublisherWrite;
import io.roster.protocol.data.WriteBatch;
import io.roster.protocol.data.WriteReply;
import io.roster.protocol.meta.HeartbeatReply;
import io.roster.protocol.meta.NodeInfo;
import io.roster.remoting.Peer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a data node does, on its single store thread: fence, apply, notify. Everything here runs
 * on that thread, so the store, the guard and the notifier need no locks.
 *
 * <p>Lease drops: a session's publishers are dropped only after meta stops listing that session
 * incarnation, and only if this node saw it listed before (a brand-new session may write before
 * this node's next heartbeat shows it).
 */
final class DataService {

  private static final Logger LOG = LoggerFactory.getLogger(DataService.class);

  private final DatumStore store;
  private final SlotGuard guard;
  private final ChangeNotifier notifier;
  private final Set<String> sessionsSeenLive = new HashSet<>();
  private final DataMetrics metrics;

  DataService(DatumStore store, SlotGuard guard, ChangeNotifier notifier, DataMetrics metrics) {
    this.metrics = metrics;
    this.store = store;
    this.guard = guard;
    this.notifier = notifier;
  }

  WriteReply write(WriteBatch batch) {
    List<PublisherWrite> writes;
    try {
      writes = batch.writes();
    } catch (IllegalArgumentException corrupt) {
      LOG.warn("refused an unreadable write batch from {}: {}", batch.sessionAddress(), corrupt.getMessage());
      return new WriteReply(Status.BAD_REQUEST, guard.epoch(), null);
    }
    for (PublisherWrite w : writes) {
      Status status = guard.check(batch.slotEpoch(), w.dataInfoId());
      if (status != Status.OK) {
        metrics.refusedBatches.labelValues(status.name()).inc();
        return new WriteReply(status, guard.epoch(), w.dataInfoId());
      }
    }
    List<Change> changes = store.apply(batch);
    notifier.publish(changes, this::readToSendAlong);
    metrics.applied(writes.size(), changes.size(), store);
    return new WriteReply(Status.OK, guard.epoch(), null);
  }

  /** A changed datum to send along with its notice: only one this node leads, and not too big. */
  private DatumReply readToSendAlong(String dataInfoId) {
    return guard.leads(dataInfoId) ? store.readIfSmall(dataInfoId, ChangeNotifier.INLINE_LIMIT_BYTES) : null;
  }

  /** A session fetching a datum watches it from now on: its changes come with the notices. */
  DatumReply read(DatumQuery query, Peer from) {
    Status status = guard.check(query.slotEpoch(), query.dataInfoId());
    if (status != Status.OK) {
      return DatumReply.failed(status, query.dataInfoId());
    }
    notifier.watch(from, query.dataInfoId());
    return store.read(query.dataInfoId());
  }

  void onMetaReply(HeartbeatReply reply) {
    if (guard.update(reply.slotTable())) {
      LOG.info("adopted slot table epoch {}", guard.epoch());
      notifier.retainWatches(guard::leads);
    }
    Set<String> live = new HashSet<>();
    for (NodeInfo session : reply.sessions()) {
      live.add(session.address() + "#" + session.incarnation());
    }
    sessionsSeenLive.addAll(live);
    for (String owner : store.owningSessions()) {
      if (!live.contains(owner) && sessionsSeenLive.remove(owner)) {
        int hash = owner.lastIndexOf('#');
        List<Change> changes = store.dropSession(owner.substring(0, hash),
            Long.parseLong(owner.substring(hash + 1)));
        LOG.info("session {} left meta; dropped its publishers from {} datums", owner, changes.size());
        notifier.publish(changes, this::readToSendAlong);
        metrics.applied(0, changes.size(), store);
      }
    }
    sessionsSeenLive.retainAll(live);
  }

  boolean ready() {
    return guard.hasTable();
  }

  DatumStore store() {
    return store;
  }
}
