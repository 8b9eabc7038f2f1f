package io.roster.data;

import io.roster.data.accept.DataEndpoints;
import io.roster.data.replica.ReplicaLinks;
import io.roster.data.slot.SlotRole;
import io.roster.model.Incarnations;
import io.roster.model.Ticker;
import io.roster.protocol.NodeRole;
import io.roster.protocol.meta.HeartbeatReply;
import io.roster.protocol.meta.NodeHeartbeat;
import io.roster.remoting.BoltClient;
import io.roster.remoting.link.ClusterLinks;
import io.roster.remoting.BoltServer;
import io.roster.remoting.guard.GuardLimits;
import io.roster.remoting.http.HttpAnswer;
import io.roster.remoting.http.HttpHost;
import io.roster.remoting.http.MetricsRoute;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.roster.remoting.meta.MetaClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root of a data node: builds its store threads ({@link DataShard}, each owning a
 * share of the slots), routes bolt requests to them ({@link ShardRouter}), and keeps the lease
 * with meta. See docs/CONCURRENCY.md.
 *
 * <p><b>Graceful stop.</b> {@link #close} first hands the node's slots off: its heartbeats say
 * {@code leaving}, meta drops its lease and commits a table without it, and the node keeps serving
 * until every store thread has adopted that table (or {@link #HANDOFF_TIMEOUT} passed). Only then
 * do its ports close, so a SIGTERM moves the slots at once instead of after the connection-drop
 * grace, and no write finds a closed port first. A node that is the only data node listed has
 * nowhere to hand off to and stops at once.
 */
public final class DataServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DataServer.class);
  static final Duration HANDOFF_TIMEOUT = Duration.ofSeconds(10);

  private final DataConfig config;
  private final Ticker ticker;
  private final long incarnation;
  private final BoltServer bolt;
  private final HttpHost http;
  private final BoltClient metaBolt;
  private final ReplicaLinks replicaLinks;
  private final PrometheusRegistry metrics = new PrometheusRegistry();
  private volatile List<DataShard> shards = List.of();
  private final DataMetrics dataMetrics = new DataMetrics(metrics, this::statuses);
  private volatile MetaClient metaClient;
  /** Set by {@link #close}: heartbeats ask meta to move this node's slots away. */
  private volatile boolean leaving;
  /** From the last meta reply: another data node is listed, so a handoff has somewhere to go. */
  private volatile boolean othersListed;
  /** Completed once, while leaving, every store thread adopted a table naming this node nowhere. */
  private final CompletableFuture<Void> handedOff = new CompletableFuture<>();
  /** The lowest table epoch all store threads had adopted when meta was last told of it. */
  private final AtomicLong acknowledgedEpoch = new AtomicLong();
  /** When the heartbeat in flight was built; heartbeat thread only (one beat in flight at a time). */
  private long heartbeatBuiltNanos;

  /** With the default bolt limits. */
  public DataServer(DataConfig config, ClusterLinks links, Ticker ticker) {
    this(config, links, GuardLimits.DEFAULT, ticker);
  }

  /** @param boltLimits what the data bolt port accepts (frame size, connections) */
  public DataServer(DataConfig config, ClusterLinks links, GuardLimits boltLimits, Ticker ticker) {
    this.config = config;
    this.ticker = ticker;
    this.incarnation = Incarnations.next(ticker);
    this.bolt = BoltServer.forMembers(config.boltPort(), boltLimits, links, "data");
    this.http = new HttpHost(config.bindHost(), config.httpPort(), "data", config.http(),
        links.tls().adminHttp());
    this.metaBolt = BoltClient.forMembers(1000, links, "data node");
    this.replicaLinks = new ReplicaLinks(links);
  }

  public void start() {
    bolt.start();
    // Handlers are bound once the port is, since the slots need the bound address; a session
    // that connects in between is refused by bolt and retries.
    String self = address();
    int threads = config.resolvedStoreThreads();
    List<DataShard> built = new ArrayList<>(threads);
    for (int i = 0; i < threads; i++) {
      built.add(new DataShard(i, threads, self, config, ticker, replicaLinks, dataMetrics));
    }
    shards = List.copyOf(built);
    DataEndpoints.bind(bolt, new ShardRouter(shards, incarnation));
    replicaLinks.start();
    http.route("/health/check", q -> isReady() ? HttpAnswer.text("OK\n")
        : HttpAnswer.unavailable("no slot table yet, or no meta contact within the lease"));
    http.route("/digest/datum/count", q -> HttpAnswer.text(counts()));
    bolt.guard().register(metrics);
    http.route("/metrics", new MetricsRoute(metrics));
    http.start();
    metaBolt.start();
    metaClient = new MetaClient(config.metaAddresses(), metaBolt, this::nextHeartbeat,
        config.heartbeatInterval(), this::onMetaReply, "data-meta-heartbeat", ticker);
    metaClient.start();
    long tick = Math.max(50, Math.min(500, config.heartbeatInterval().toMillis() / 2));
    shards.forEach(shard -> shard.start(tick));
    LOG.info("data node {} started (incarnation {}, {} store threads), http {}", self, incarnation, threads,
        http.port());
  }

  /** Heartbeat thread: the next heartbeat, reporting the table every store thread adopted. */
  private NodeHeartbeat nextHeartbeat() {
    heartbeatBuiltNanos = ticker.nanoTime();
    List<DataShard.Status> now = statuses();
    long adopted = DataShard.Status.adoptedByAll(now);
    acknowledgedEpoch.accumulateAndGet(adopted, Math::max);
    List<Integer> lagging = new ArrayList<>();
    now.forEach(status -> lagging.addAll(status.laggingSlots()));
    Collections.sort(lagging);
    return new NodeHeartbeat(NodeRole.DATA, address(), "", incarnation, adopted, leaving, lagging);
  }

  /** Heartbeat thread: hands the reply, and when its heartbeat left, to every store thread. */
  private void onMetaReply(HeartbeatReply reply) {
    long sentNanos = heartbeatBuiltNanos;
    String self = address();
    boolean others = reply.dataNodes().stream().anyMatch(n -> !n.address().equals(self));
    othersListed = others;
    shards.forEach(shard -> shard.onMetaReply(reply, sentNanos, () -> afterReply(others)));
  }

  /** On a store thread, after it handled a heartbeat reply: acknowledge, or finish a handoff. */
  private void afterReply(boolean others) {
    List<DataShard.Status> now = statuses();
    long adopted = DataShard.Status.adoptedByAll(now);
    if (adopted > acknowledgedEpoch.get()) {
      metaClient.beatSoon(); // every thread adopted a new table: say so at once, not at the next tick
    }
    if (leaving && (!others || now.stream().noneMatch(DataShard.Status::placedHere))) {
      handedOff.complete(null); // moved away, or the last data node: nowhere to move to
    }
  }

  private List<DataShard.Status> statuses() {
    List<DataShard.Status> now = new ArrayList<>(shards.size());
    shards.forEach(shard -> now.add(shard.status()));
    return now;
  }

  /** Every store thread holds a slot table and has heard from meta within its lease. */
  public boolean isReady() {
    List<DataShard.Status> now = statuses();
    return !now.isEmpty() && now.stream().allMatch(DataShard.Status::ready);
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
    shards.forEach(DataShard::close);
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

  private String counts() {
    List<DataShard.Status> now = new ArrayList<>(shards.size());
    try {
      for (DataShard shard : shards) {
        now.add(shard.freshStatus().get(2, TimeUnit.SECONDS));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unavailable: interrupted\n";
    } catch (ExecutionException | TimeoutException e) {
      return "unavailable: " + e + "\n";
    }
    Map<Integer, List<String>> behind = new TreeMap<>();
    now.forEach(status -> behind.putAll(status.followersBehind()));
    return "datums " + DataShard.Status.sum(now, DataShard.Status::datums)
        + "\npublishers " + DataShard.Status.sum(now, DataShard.Status::publishers)
        + "\nsessions " + now.get(0).sessions()
        + "\nslotsLeading " + DataShard.Status.sum(now, st -> st.roles()[SlotRole.LEADER.ordinal()])
        + "\nslotsSyncing " + DataShard.Status.sum(now, st -> st.roles()[SlotRole.SYNCING.ordinal()])
        + "\nslotsFollowing " + DataShard.Status.sum(now, st -> st.roles()[SlotRole.FOLLOWER.ordinal()])
        + "\nslotsFollowingBehind " + DataShard.Status.sum(now, st -> st.laggingSlots().size())
        + "\nfollowersBehind " + behind + "\nslotTableEpoch "
        + DataShard.Status.adoptedByAll(now)
        + "\nstoreThreads " + now.size()
        + "\npublishersByThread " + now.stream().map(st -> String.valueOf(st.publishers())).toList() + "\n";
  }
}
