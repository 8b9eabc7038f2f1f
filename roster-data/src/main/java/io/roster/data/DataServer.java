package io.roster.data;

import io.roster.data.accept.DataEndpoints;
import io.roster.data.notify.ChangeNotifier;
import io.roster.data.replica.ReplicaLinks;
import io.roster.data.slot.SlotMap;
import io.roster.data.slot.SlotRole;
import io.roster.model.Incarnations;
import io.roster.model.Ticker;
import io.roster.protocol.NodeRole;
import io.roster.protocol.data.DatumQuery;
import io.roster.protocol.data.DatumReply;
import io.roster.protocol.data.DatumUnwatch;
import io.roster.protocol.data.HelloReply;
import io.roster.protocol.data.ReplicaAppend;
import io.roster.protocol.data.ReplicaBatch;
import io.roster.protocol.data.ReplicaBatchReply;
import io.roster.protocol.data.ReplicaDigest;
import io.roster.protocol.data.ReplicaDigestQuery;
import io.roster.protocol.data.ReplicaReply;
import io.roster.protocol.data.SessionHello;
import io.roster.protocol.data.SlotSync;
import io.roster.protocol.data.WriteBatch;
import io.roster.protocol.data.WriteReply;
import io.roster.protocol.meta.HeartbeatReply;
import io.roster.protocol.meta.NodeHeartbeat;
import io.roster.remoting.BoltClient;
import io.roster.remoting.BoltServer;
import io.roster.remoting.NamedThreads;
import io.roster.remoting.Peer;
import io.roster.remoting.http.HttpAnswer;
import io.roster.remoting.http.HttpHost;
import io.roster.remoting.http.MetricsRoute;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.roster.remoting.meta.MetaClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root of a data node: builds its slots and notifier, binds them to bolt and HTTP,
 * and keeps the lease with meta. All state lives on the single {@code data-store} thread; see
 * docs/CONCURRENCY.md.
 *
 * <p><b>Graceful stop.</b> {@link #close} first hands the node's slots off: its heartbeats say
 * {@code leaving}, meta drops its lease and commits a table without it, and the node keeps serving
 * until it has adopted that table (or {@link #HANDOFF_TIMEOUT} passed). Only then do its ports
 * close, so a SIGTERM moves the slots at once instead of after the connection-drop grace, and no
 * write finds a closed port first. A node that is the only data node listed has nowhere to hand
 * off to and stops at once.
 */
public final class DataServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DataServer.class);
  private static final Duration TOMBSTONE_TTL = Duration.ofMinutes(2);
  static final Duration HANDOFF_TIMEOUT = Duration.ofSeconds(10);

  private final DataConfig config;
  private final Ticker ticker;
  private final long incarnation;
  private final BoltServer bolt;
  private final HttpHost http;
  private final BoltClient metaBolt;
  private final ReplicaLinks replicaLinks = new ReplicaLinks();
  private final ScheduledExecutorService storeThread;
  private final ChangeNotifier notifier = new ChangeNotifier();
  private final PrometheusRegistry metrics = new PrometheusRegistry();
  private final DataMetrics dataMetrics = new DataMetrics(metrics);
  private volatile SlotMap slots;
  private volatile DataService service;
  private volatile MetaClient metaClient;
  private volatile boolean ready;
  /** Set by {@link #close}: heartbeats ask meta to move this node's slots away. */
  private volatile boolean leaving;
  /** From the last meta reply: another data node is listed, so a handoff has somewhere to go. */
  private volatile boolean othersListed;
  /** Completed on the store thread once, while leaving, a table naming this node nowhere is adopted. */
  private final CompletableFuture<Void> handedOff = new CompletableFuture<>();
  /** The slot-table epoch adopted last; written by data-store, read by the heartbeat thread. */
  private volatile long adoptedEpoch;
  /** Slots followed here that lag their leader; written by data-store, sent in heartbeats. */
  private volatile List<Integer> laggingSlots = List.of();
  /** When the heartbeat in flight was built; heartbeat thread only (one beat in flight at a time). */
  private long heartbeatBuiltNanos;

  public DataServer(DataConfig config, Ticker ticker) {
    this.config = config;
    this.ticker = ticker;
    this.incarnation = Incarnations.next(ticker);
    this.bolt = new BoltServer(config.bindHost(), config.boltPort());
    this.http = new HttpHost(config.bindHost(), config.httpPort(), "data");
    this.metaBolt = new BoltClient(1000);
    this.storeThread = NamedThreads.owner("data-store");
  }

  public void start() {
    DataEndpoints.bind(bolt, new Endpoints(), storeThread);
    bolt.start();
    String self = address();
    slots = new SlotMap(self, ticker, TOMBSTONE_TTL.toNanos(), config.syncTimeout().toNanos(),
        config.checkInterval().toNanos());
    service = new DataService(self, slots, notifier, dataMetrics, ticker,
        new Replicator(slots, replicaLinks, storeThread, dataMetrics));
    replicaLinks.start();
    http.route("/health/check", q -> ready ? HttpAnswer.text("OK\n")
        : HttpAnswer.unavailable("no slot table yet, or no meta contact within the lease"));
    http.route("/digest/datum/count", q -> HttpAnswer.text(counts()));
    http.route("/metrics", new MetricsRoute(metrics));
    http.start();
    metaBolt.start();
    metaClient = new MetaClient(config.metaAddresses(), metaBolt, this::nextHeartbeat,
        config.heartbeatInterval(), this::onMetaReply, "data-meta-heartbeat", ticker);
    metaClient.start();
    storeThread.scheduleWithFixedDelay(this::expireTombstones, 10, 10, TimeUnit.SECONDS);
    long tick = Math.max(50, Math.min(500, config.heartbeatInterval().toMillis() / 2));
    storeThread.scheduleWithFixedDelay(() -> {
      service.tick();
      ready = service.ready();
      laggingSlots = slots.laggingSlots();
      dataMetrics.roles(slots);
    }, tick, tick, TimeUnit.MILLISECONDS);
    LOG.info("data node {} started (incarnation {}), http {}", self, incarnation, http.port());
  }

  /** Heartbeat thread: the next heartbeat, reporting the table adopted last. */
  private NodeHeartbeat nextHeartbeat() {
    heartbeatBuiltNanos = ticker.nanoTime();
    return new NodeHeartbeat(NodeRole.DATA, address(), "", incarnation, adoptedEpoch, leaving, laggingSlots);
  }

  /** Heartbeat thread: hands the reply, and when its heartbeat left, to the store thread. */
  private void onMetaReply(HeartbeatReply reply) {
    long sentNanos = heartbeatBuiltNanos;
    String self = address();
    boolean others = reply.dataNodes().stream().anyMatch(n -> !n.address().equals(self));
    othersListed = others;
    storeThread.execute(() -> {
      long before = adoptedEpoch;
      service.onMetaReply(reply, sentNanos);
      adoptedEpoch = slots.table().epoch();
      ready = service.ready();
      laggingSlots = slots.laggingSlots();
      dataMetrics.roles(slots);
      if (adoptedEpoch != before) {
        metaClient.beatSoon(); // acknowledge the new table at once, not at the next tick
      }
      if (leaving && (!others || slots.table().slots().stream().noneMatch(slot -> slot.hasReplicaOn(self)))) {
        handedOff.complete(null); // moved away, or the last data node: nowhere to move to
      }
    });
  }

  public boolean isReady() {
    return ready;
  }

  /** {@code advertiseHost:boltPort}, as sessions and meta know this node. */
  public String address() {
    return config.advertiseHost() + ":" + bolt.port();
  }

  public int boltPort() {
    return bolt.port();
  }

  public int httpPort() {
    return http.port();
  }

  @Override
  public void close() {
    if (metaClient != null) {
      if (othersListed) {
        handOff();
      }
      metaClient.close();
    }
    http.close();
    bolt.close();
    metaBolt.close();
    replicaLinks.close();
    storeThread.shutdownNow();
  }

  /** Asks meta to move every slot away and waits, serving meanwhile, until that table is adopted. */
  private void handOff() {
    long start = ticker.nanoTime();
    leaving = true;
    // Counted in real waits, not ticker time: a test's manual ticker must not make this hang.
    for (long waits = HANDOFF_TIMEOUT.toMillis() / 100; !handedOff.isDone() && waits > 0; waits--) {
      metaClient.beatSoon(); // does nothing while a beat is in flight
      try {
        handedOff.get(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException notYet) {
        // beat again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException impossible) {
        break;
      }
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(ticker.nanoTime() - start);
    if (handedOff.isDone()) {
      LOG.info("handed every slot off in {} ms", millis);
    } else {
      LOG.warn("stopping without a completed handoff after {} ms; meta will move the slots when the lease ends", millis);
    }
  }

  private void expireTombstones() {
    slots.all().forEach(slot -> {
      if (slot.store() != null) {
        slot.store().expireTombstones();
      }
    });
  }

  private String counts() {
    return NamedThreads.ask(storeThread, () -> "datums " + slots.datumCount() + "\npublishers "
        + slots.publisherCount() + "\nsessions " + notifier.sessionCount()
        + "\nslotsLeading " + slots.count(SlotRole.LEADER) + "\nslotsSyncing " + slots.count(SlotRole.SYNCING)
        + "\nslotsFollowing " + slots.count(SlotRole.FOLLOWER)
        + "\nslotsFollowingBehind " + slots.laggingSlots().size()
        + "\nfollowersBehind " + slots.followersBehind() + "\nslotTableEpoch " + slots.table().epoch() + "\n");
  }

  /** Store-thread side of the bolt endpoints. */
  private final class Endpoints implements DataEndpoints.Service {
    @Override
    public HelloReply hello(Peer from, SessionHello hello) {
      notifier.hello(from, hello);
      service.helloed();
      return new HelloReply(incarnation);
    }

    @Override
    public WriteReply write(WriteBatch batch) {
      return service.write(batch);
    }

    @Override
    public WriteReply sync(SlotSync sync) {
      return service.sync(sync);
    }

    @Override
    public DatumReply read(DatumQuery query, Peer from) {
      return service.read(query, from);
    }

    @Override
    public void unwatch(DatumUnwatch unwatch, Peer from) {
      notifier.unwatch(from, unwatch.dataInfoIds());
    }

    @Override
    public void closed(Peer peer) {
      notifier.closed(peer);
    }

    @Override
    public ReplicaReply replicate(ReplicaAppend append) {
      return service.replicate(append);
    }

    @Override
    public ReplicaBatchReply replicate(ReplicaBatch batch) {
      return service.replicate(batch);
    }

    @Override
    public ReplicaDigest digest(ReplicaDigestQuery query) {
      return service.digest(query);
    }
  }
}
