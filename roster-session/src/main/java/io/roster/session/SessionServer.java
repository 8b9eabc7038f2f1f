package io.roster.session;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.roster.model.SlotTable;
import io.roster.model.Incarnations;
import io.roster.model.Ticker;
import io.roster.protocol.NodeRole;
import io.roster.protocol.data.DatumChanged;
import io.roster.protocol.data.SessionHello;
import io.roster.protocol.data.OwnerDigests;
import io.roster.protocol.data.SyncRequest;
import io.roster.protocol.meta.HeartbeatReply;
import io.roster.protocol.meta.NodeHeartbeat;
import io.roster.protocol.meta.NodeInfo;
import io.roster.remoting.BoltClient;
import io.roster.remoting.link.ClusterLinks;
import io.roster.remoting.BoltServer;
import io.roster.remoting.NamedThreads;
import io.roster.remoting.Peer;
import io.roster.remoting.guard.GuardLimits;
import io.roster.remoting.http.HttpAnswer;
import io.roster.remoting.http.HttpHost;
import io.roster.remoting.http.MetricsRoute;
import io.roster.remoting.meta.MetaClient;
import io.roster.remoting.refusal.RefusalLog;
import io.roster.session.accept.ClientEndpoints;
import io.roster.session.http.ServerList;
import io.roster.session.liveness.ClientLiveness;
import io.roster.session.push.PushEngine;
import io.roster.session.push.PushMetrics;
import io.roster.session.route.DataForwarder;
import io.roster.session.route.DataLinks;
import io.roster.session.route.SlotRouter;
import io.roster.session.route.SlotSyncer;
import io.roster.session.store.Registration.Sub;
import io.roster.session.store.SessionStore;
import io.roster.protocol.data.PublisherWrite;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root of a session node. The pipeline, one owner thread per stage:
 * <pre>
 *   bolt I/O ──▶ session-registry (SessionStore, then DataForwarder) ──▶ data
 *   data notice ──▶ session-push (PushEngine) ──fetch──▶ data ──▶ push to clients
 * </pre>
 * plus session-data-links (dials data, says hello) and session-meta-heartbeat. See
 * docs/CONCURRENCY.md.
 */
public final class SessionServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SessionServer.class);
  private static final Duration TOMBSTONE_TTL = Duration.ofMinutes(2);

  private final SessionConfig config;
  private final long incarnation;
  private final BoltServer clientBolt;
  private final BoltClient dataBolt;
  private final BoltClient metaBolt;
  private final HttpHost http;
  private final SlotRouter router = new SlotRouter();
  private final ScheduledExecutorService registryThread = NamedThreads.owner("session-registry");
  private final ScheduledExecutorService pushThread = NamedThreads.owner("session-push");
  private final ScheduledExecutorService linkThread = NamedThreads.owner("session-data-links");
  private final ScheduledExecutorService livenessThread = NamedThreads.owner("session-liveness");
  private final MetaClient metaClient;
  private final DataForwarder forwarder;
  private final PushEngine push;
  private final SessionStore store;
  private final SlotSyncer syncer;
  private final DataLinks links;
  private final ClientEndpoints endpoints;
  private final ClientLiveness liveness;
  private final PrometheusRegistry metrics = new PrometheusRegistry();
  private volatile List<NodeInfo> sessions = List.of();

  /** With the default bolt limits, the frame size narrowed to the payload limit. */
  public SessionServer(SessionConfig config, ClusterLinks links, Ticker ticker) {
    this(config, links, GuardLimits.DEFAULT, ticker);
  }

  /**
   * @param bolt limits of the client port; its frame size is narrowed to {@link
   *     #clientFrameBytes} of the payload limit, so a client cannot make the session buffer more
   */
  public SessionServer(SessionConfig config, ClusterLinks links, GuardLimits bolt,
      Ticker ticker) {
    this.config = config;
    this.dataBolt = BoltClient.forMembers(1000, links, "session");
    this.metaBolt = BoltClient.forMembers(1000, links, "session");
    this.incarnation = Incarnations.next(ticker);
    this.clientBolt = new BoltServer(config.bindHost(), config.boltPort(),
        bolt.withMaxFrameBytes(Math.min(bolt.maxFrameBytes(), clientFrameBytes(config))), "session");
    this.http = new HttpHost(config.bindHost(), config.httpPort(), "session", config.http(),
        links.tls().sessionHttp());
    this.metaClient = new MetaClient(config.metaAddresses(), metaBolt,
        () -> new NodeHeartbeat(NodeRole.SESSION, address(), config.zone(), incarnation, router.table().epoch()),
        config.heartbeatInterval(), this::onMetaReply, "session-meta-heartbeat", ticker);
    this.forwarder = new DataForwarder(this::address, incarnation, router, dataBolt, registryThread,
        metaClient::beatSoon);
    // The push engine asks the syncer for resyncs, the syncer asks it for the versions seen.
    AtomicReference<SlotSyncer> syncerLink = new AtomicReference<>();
    this.push = new PushEngine(config.dataCenter(), router, dataBolt, pushThread, metaClient::beatSoon,
        dataInfoId -> syncerLink.get().leaderBehind(dataInfoId), new PushMetrics(metrics));
    this.store = new SessionStore(new StoreSink(), ticker, config.maxPublishersPerConnection(),
        TOMBSTONE_TTL.toNanos());
    this.syncer = new SlotSyncer(this::address, incarnation, router, dataBolt, registryThread,
        forwarder, store::putsBySlot, store::digestsBySlot, push::seenVersions, metaClient::beatSoon);
    syncerLink.set(syncer);
    this.links = new DataLinks(dataBolt, router, () -> new SessionHello(address(), incarnation),
        this::onDataLinked);
    this.liveness = new ClientLiveness(livenessThread, config.clientHeartbeatInterval(),
        config.clientHeartbeatMisses());
    this.endpoints = new ClientEndpoints(store, registryThread, config.maxPayloadBytes(),
        config.registrationLimits(), config.clientAuth(),
        RefusalLog.perMinute(LoggerFactory.getLogger(ClientEndpoints.class), "client registration"),
        ticker, config.dataCenter(), config.zone(), liveness::registered);
  }

  public void start() {
    dataBolt.handle(DatumChanged.class, (notice, from, reply) -> push.datumChanged(notice, from));
    dataBolt.handle(SyncRequest.class, (request, from, reply) -> syncer.requested(request));
    dataBolt.handle(OwnerDigests.class, (digests, from, reply) -> syncer.digestsArrived(digests));
    dataBolt.start();
    metaBolt.start();
    endpoints.bind(clientBolt);
    clientBolt.listen(liveness);
    clientBolt.start();
    liveness.start();
    ServerList serverList = new ServerList(() -> sessions, this::address);
    http.route("/api/servers/query", serverList::answer);
    http.route("/health/check", q -> isReady() ? HttpAnswer.text("OK\n") : HttpAnswer.unavailable("no slot table yet"));
    http.route("/digest/session/count", q -> HttpAnswer.text(counts()));
    clientBolt.guard().register(metrics);
    http.route("/metrics", new MetricsRoute(metrics));
    http.start();
    metaClient.start();
    registryThread.scheduleWithFixedDelay(store::expireTombstones, 10, 10, TimeUnit.SECONDS);
    long pushCheck = config.pushCheckInterval().toMillis();
    pushThread.scheduleWithFixedDelay(push::recheckPushed, pushCheck, pushCheck, TimeUnit.MILLISECONDS);
    long tick = config.heartbeatInterval().toMillis();
    linkThread.scheduleWithFixedDelay(links::tick, tick, tick, TimeUnit.MILLISECONDS);
    LOG.info("session {} started (incarnation {}, zone {}), http {}{}", address(), incarnation,
        config.zone(), http.port(), config.clientAuth().enabled()
            ? "; registrations must be signed (" + config.clientAuth().secrets().size()
                + " access keys)" : "");
  }

  public boolean isReady() {
    return router.ready();
  }

  /**
   * The largest client frame worth reading: a registration of the largest payload, Hessian-encoded
   * (a payload counts UTF-8 bytes; Hessian may spend up to twice that on some characters), plus
   * 1 MiB for the other fields, the box headers and the bolt header.
   */
  public static long clientFrameBytes(SessionConfig config) {
    return 2L * config.maxPayloadBytes() + (1 << 20);
  }

  /** {@code advertiseHost:boltPort}, the address clients connect to. */
  public String address() {
    return config.advertiseHost() + ":" + clientBolt.port();
  }

  public int boltPort() {
    return clientBolt.port();
  }

  public int httpPort() {
    return http.port();
  }

  /**
   * Stops without a client-off: clients reconnect to another session and re-register with the
   * same registId and version, and the ownership rules hand their publishers over.
   */
  @Override
  public void close() {
    metaClient.close();
    http.close();
    // Owner threads stop first: the connection closes below must reach no store, or this graceful
    // stop would send a client off for every publisher here and empty their subscribers' views.
    for (ScheduledExecutorService thread : List.of(registryThread, pushThread, linkThread, livenessThread)) {
      thread.shutdownNow();
    }
    clientBolt.close();
    dataBolt.close();
    metaBolt.close();
  }

  /**
   * A new table re-routes writes and fetches. Nothing is re-sent from here: a slot's new leader
   * asks every session for its publishers there ({@link SlotSyncer}).
   */
  private void onMetaReply(HeartbeatReply reply) {
    sessions = reply.sessions();
    SlotTable before = router.table();
    if (router.update(reply.slotTable())) {
      SlotTable after = router.table();
      LOG.info("adopted slot table epoch {} ({} slots changed leader)", after.epoch(),
          before.slotCount() == 0 ? after.slotCount() : SlotRouter.slotsWithNewLeader(before, after).size());
      forwarder.tableChanged();
      push.refetchAll();
      NamedThreads.handOff(linkThread, links::tick);
    }
  }

  /** A (re)linked data node may have missed notices: ask data again about everything. */
  private void onDataLinked(String dataNode, boolean newIncarnation) {
    push.refetchAll();
  }

  private String counts() {
    return NamedThreads.ask(registryThread, () -> "connections " + store.connectionCount()
        + "\npublishers " + store.publisherCount() + "\nsubscribers " + store.subscriberCount()
        + "\npushes " + push.pushCount() + "\nmergedPushes " + push.mergedCount()
        + "\ndroppedPushes " + push.droppedCount() + "\n");
  }

  /** Where the store's decisions go: writes to data, subscriber changes to the push engine. */
  private final class StoreSink implements SessionStore.Sink {
    @Override
    public void forward(PublisherWrite write) {
      forwarder.enqueue(write);
    }

    @Override
    public void subscriberAdded(Sub sub, Peer peer) {
      push.subscriberAdded(sub, peer);
    }

    @Override
    public void subscriberRemoved(Sub sub) {
      push.subscriberRemoved(sub);
    }
  }
}
