package io.roster.bench;

import io.roster.data.DataConfig;
import io.roster.meta.MetaConfig;
import io.roster.testkit.Await;
import io.roster.testkit.ConvergenceChecker;
import io.roster.testkit.ProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The {@code failover} set-up, shared by its three faults: a {@link ProcessCluster} of real JVMs
 * with the server's default leases and heartbeats, official clients in this JVM homed on both
 * sessions (publishers and subscribers on every dataId on each), a churn publisher for the data
 * fault, and one {@link ConvergenceChecker} that sees every view. Waits are bounded by
 * {@link #BOUND}; one that runs out throws, which fails the round rather than hanging the bench.
 */
final class FailoverRig implements AutoCloseable {

  static final Duration BOUND = Duration.ofSeconds(60);
  static final int SLOTS = 256;
  static final int CLIENTS_PER_SESSION = 2;
  // The server's defaults (256 slots and 1 s heartbeats too), so the figures are what a user gets.
  static final Duration DATA_LEASE = MetaConfig.DEFAULT_DATA_LEASE;
  private static final Duration SESSION_LEASE = MetaConfig.DEFAULT_SESSION_LEASE;
  private static final Duration HEARTBEAT = Duration.ofSeconds(1);
  private static final Duration SYNC_TIMEOUT = DataConfig.DEFAULT_SYNC_TIMEOUT;

  private final ProcessCluster cluster;
  private final ClusterView view;
  private final Views views;
  private final List<String> dataIds;
  private final List<CheckedPublishers> publishers = new ArrayList<>();
  private final List<HomedClient> subscribers = new ArrayList<>();
  private final CheckedPublishers churnPublishers;
  private final Churn churn;

  private FailoverRig(ProcessCluster cluster, List<String> dataIds) {
    this.cluster = cluster;
    this.view = new ClusterView(cluster, SLOTS);
    this.views = new Views(new ConvergenceChecker());
    this.dataIds = List.copyOf(dataIds);
    for (int s = 0; s < cluster.sessions().size(); s++) {
      for (int k = 0; k < CLIENTS_PER_SESSION; k++) {
        HomedClient subscriber = client("sub" + s + k, s);
        dataIds.forEach(d -> views.subscribe(subscriber, d));
        subscribers.add(subscriber);
        CheckedPublishers publisher = new CheckedPublishers(client("pub" + s + k, s), views.checker());
        for (int d = 0; d < dataIds.size(); d++) {
          publisher.publish(dataIds.get(d), "base-" + publisher.client().name() + "-" + d);
        }
        publishers.add(publisher);
      }
    }
    churnPublishers = new CheckedPublishers(client("churn", cluster.sessions().size() - 1), views.checker());
    for (int d = 0; d < dataIds.size(); d++) {
      churnPublishers.publish(dataIds.get(d), "base-churn-" + d);
    }
    churn = new Churn(churnPublishers, dataIds);
  }

  /** Starts the cluster in {@code dir} and the clients; returns once every view is complete. */
  static FailoverRig start(Path dir, int dataIdCount) {
    ProcessCluster cluster = ProcessCluster.builder(dir).metas(3).datas(3).sessions(2).replicas(2)
        .slots(SLOTS).sessionLease(SESSION_LEASE).dataLease(DATA_LEASE).heartbeatInterval(HEARTBEAT)
        .syncTimeout(SYNC_TIMEOUT).jvmOptions(nodeJvmOptions()).start();
    try {
      ClusterView view = new ClusterView(cluster, SLOTS);
      Await.until("both sessions list each other", BOUND, view::sessionsListEachOther);
      Await.until("balanced slot leaders", BOUND, view::balanced);
      List<String> dataIds = new ArrayList<>();
      String prefix = "bench.failover." + System.currentTimeMillis() + ".d";
      for (int i = 0; i < dataIdCount; i++) {
        dataIds.add(prefix + i);
      }
      FailoverRig rig = new FailoverRig(cluster, dataIds);
      rig.settle(allClients(rig), "the set-up");
      return rig;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * ProcessCluster's node JVM options, plus what ./roster passes. ProcessCluster names the
   * server's own logback.xml (the bench's, WARN on standard output, comes first on this class
   * path), so a node's INFO lines (takeovers, elections), which explain a slow round, go to its
   * {@code NAME-N.log}.
   */
  private static String[] nodeJvmOptions() {
    return new String[] {"-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dlogback.middleware.log.disable=true",
        "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener"};
  }

  static String describe() {
    return "3 meta, 3 data, 2 sessions, " + SLOTS + " slots, 2 replicas; session lease "
        + SESSION_LEASE.toSeconds() + " s, data lease " + DATA_LEASE.toSeconds() + " s, heartbeats "
        + HEARTBEAT.toSeconds() + " s, data sync timeout " + SYNC_TIMEOUT.toSeconds() + " s";
  }

  private HomedClient client(String name, int session) {
    return HomedClient.connect(name, cluster.sessionHttpPort(session), view.sessionBoltPort(session));
  }

  private static List<HomedClient> allClients(FailoverRig rig) {
    return Stream.concat(Stream.concat(rig.publishers.stream().map(CheckedPublishers::client),
        Stream.of(rig.churnPublishers.client())), rig.subscribers.stream()).toList();
  }

  /**
   * Waits until {@code clients} are connected to their home sessions with every registration
   * acknowledged and every view converged; then releases them, so a fault may move them.
   */
  private void settle(List<HomedClient> clients, String what) {
    awaitAtHomeAndAcked(clients, what);
    awaitConverged(what);
    for (HomedClient c : clients) {
      int listed = c.release();
      if (listed != cluster.sessions().size()) {
        throw new IllegalStateException(c + " lists " + listed + " sessions, not "
            + cluster.sessions().size());
      }
    }
  }

  private void awaitAtHomeAndAcked(List<HomedClient> clients, String what) {
    Await.until(what + ": clients at home", BOUND, () -> clients.stream().allMatch(HomedClient::atHome));
    Await.until(what + ": publishers acknowledged", BOUND,
        () -> allPublishers().stream().allMatch(CheckedPublishers::allAcked));
  }

  /**
   * Brings every client homed on {@code session} back there (after that session restarted). Their
   * publishers are retired while their connections drop: the session they leave sees a client
   * off and drops them, and data may apply that before or after their re-registration arrives
   * through the home session, so they may vanish for a moment. Once re-acknowledged at home they
   * are republished with values tagged {@code tag}, which are live from then on: nothing but a
   * lost write could make those vanish.
   */
  void rehome(int session, String tag) {
    int port = view.sessionBoltPort(session);
    List<HomedClient> moved = allClients(this).stream()
        .filter(c -> c.homeBoltPort() == port && !c.atHome()).toList();
    List<CheckedPublishers> movedPublishers = allPublishers().stream()
        .filter(p -> moved.contains(p.client())).toList();
    movedPublishers.forEach(CheckedPublishers::retireAll);
    moved.forEach(HomedClient::rehome);
    String what = "clients back on session-" + session;
    awaitAtHomeAndAcked(moved, what);
    movedPublishers.forEach(p -> p.republishAll(tag));
    settle(moved, what);
  }

  /** Waits until every view equals the live publishers; fails with the differences left. */
  void awaitConverged(String what) {
    try {
      views.checker().awaitConverged(BOUND);
    } catch (AssertionError e) {
      throw new IllegalStateException(what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Now, if every subscriber has seen all of {@code values} and no view differs from the live
   * publishers; else 0. Polled, so it is late by up to one poll (about 10 ms).
   */
  long convergedAfter(List<String> values) {
    if (views.allSeenAt(values, subscriberNames()) == 0) {
      return 0;
    }
    return views.checker().divergences().isEmpty() ? System.nanoTime() : 0;
  }

  /**
   * Waits until {@code stamp} yields a non-zero nanoTime and returns it; when the bound runs out,
   * fails with what was awaited and what is still missing of {@code values}.
   */
  long awaitStamp(String what, List<String> values, Supplier<Long> stamp) {
    try {
      return Await.value(what, BOUND, () -> {
        long at = stamp.get();
        return at != 0 ? at : null;
      });
    } catch (Await.Timeout e) {
      throw new IllegalStateException(e.getMessage() + "; " + state(values), e);
    }
  }

  /** Whole milliseconds from {@code start} to {@code end}, both nanoTimes, for progress lines. */
  static long millis(long start, long end) {
    return (end - start) / 1_000_000;
  }

  /** Slot leaders, which of {@code values} are unseen, and the views that differ (the first few). */
  String state(List<String> values) {
    List<String> unseen = views.unseen(values, subscriberNames());
    List<String> differ = views.checker().divergences();
    return "slots led per data node " + view.leadingCounts() + "; " + unseen.size() + " unseen "
        + unseen.subList(0, Math.min(3, unseen.size())) + "; " + differ.size() + " views differ "
        + differ.subList(0, Math.min(3, differ.size()));
  }

  private List<CheckedPublishers> allPublishers() {
    return Stream.concat(publishers.stream(), Stream.of(churnPublishers)).toList();
  }

  ProcessCluster cluster() {
    return cluster;
  }

  ClusterView view() {
    return view;
  }

  Views views() {
    return views;
  }

  ConvergenceChecker checker() {
    return views.checker();
  }

  List<String> dataIds() {
    return dataIds;
  }

  /** The publisher clients (not the churn), two per session at home. */
  List<CheckedPublishers> publishers() {
    return List.copyOf(publishers);
  }

  List<HomedClient> subscribers() {
    return List.copyOf(subscribers);
  }

  List<String> subscriberNames() {
    return subscribers.stream().map(HomedClient::name).toList();
  }

  Churn churn() {
    return churn;
  }

  /** Subscribes every subscriber client to {@code dataId} too. */
  void subscribeAll(String dataId) {
    subscribers.forEach(s -> views.subscribe(s, dataId));
  }

  @Override
  public void close() {
    churn.close();
    cluster.close();
  }
}
