package io.roster.meta.raft;

import com.alipay.sofa.jraft.JRaftUtils;
import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.RaftGroupService;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.entity.Task;
import com.alipay.sofa.jraft.error.RaftError;
import com.alipay.sofa.jraft.option.NodeOptions;
import com.alipay.sofa.jraft.rpc.RaftRpcServerFactory;
import io.roster.remoting.guard.BoltGuard;
import io.roster.remoting.guard.GuardLimits;
import io.roster.remoting.link.ClusterKey;
import io.roster.remoting.link.LinkGate;
import io.roster.remoting.tls.MemberTls;
import io.roster.protocol.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's member of the meta raft group, and the only class that knows jraft's lifecycle.
 *
 * <p><b>Port 0.</b> jraft's RPC factory insists on a fixed port, so this class builds jraft's
 * bolt RPC server (gated: {@link GatedRaftServer}) around a bolt server itself, starts it first, reads the bound port, and
 * only then forms this node's {@link PeerId} and hands the already-running server to jraft as a
 * shared server. A single-node group whose log remembers another address for this node (an
 * earlier run on another random port) is re-pointed at the current address with
 * {@code resetPeers}; the group has one member by definition, so that is safe.
 *
 * <p><b>Leadership.</b> {@link #isLeading()} turns true only in {@code onLeaderStart}, when the
 * state machine has applied every earlier entry, so a new leader never acts on a stale table.
 * Until a {@link LeaderEndpoint} naming it for its term is committed, {@link #unannounced()}
 * returns it; membership proposes it first thing (and again, with backoff, if that fails), so
 * followers can redirect heartbeats to its bolt port and admin requests to its HTTP port.
 */
public final class RaftGroup implements Consensus, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RaftGroup.class);
  private static final String GROUP_ID = "roster-meta";

  private final RaftSettings settings;
  private final MetaStateMachine fsm;
  private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService raftRpcExecutor;
  private final ExecutorService cliRpcExecutor;
  private final GatedRaftServer rpcServer;
  private final ClusterKey clusterKey;
  private final MemberTls tls;

  // Written by start() (once) or by FSM callbacks; read from any thread.
  private volatile PeerId self;
  private volatile RaftGroupService service;
  private volatile Node node;
  private volatile String boltAddress;
  private volatile String httpAddress;
  private volatile long leaderTerm = -1;
  private final AtomicLong toldTerm = new AtomicLong(-1);
  private volatile Following following;

  /** @param clusterKey every raft peer must prove it holds it, and this node proves it to them */
  public RaftGroup(RaftSettings settings, ClusterKey clusterKey) {
    this(settings, clusterKey, GuardLimits.DEFAULT, null);
  }

  /**
   * @param limits what the raft port accepts: frame size and connections (see BoltGuard)
   * @param tls mutual TLS on the raft port and on this node's raft links to its peers, or null
   *     for plain bolt
   */
  public RaftGroup(RaftSettings settings, ClusterKey clusterKey, GuardLimits limits,
      MemberTls tls) {
    this.settings = settings;
    this.clusterKey = clusterKey;
    this.tls = tls;
    this.fsm = new MetaStateMachine(new FsmEvents());
    this.raftRpcExecutor = Executors.newFixedThreadPool(4, threads("meta-raft-rpc"));
    this.cliRpcExecutor = Executors.newFixedThreadPool(1, threads("meta-raft-cli"));
    this.rpcServer = new GatedRaftServer(
        new com.alipay.remoting.rpc.RpcServer(settings.bindHost(), settings.port(), true),
        new LinkGate(clusterKey, "meta raft"), limits, tls);
    RaftRpcServerFactory.addRaftRequestProcessors(rpcServer, raftRpcExecutor, cliRpcExecutor);
  }

  /** The frame guard of the raft port, for its counts in {@code /metrics}. */
  public BoltGuard guard() {
    return rpcServer.guard();
  }

  /** Registers a listener; call before {@link #start}. */
  public void subscribe(LeadershipListener listener) {
    listeners.add(listener);
  }

  /**
   * Binds the raft port and starts the node. {@code boltAddress} and {@code httpAddress} are what
   * this node announces once it leads. Throws if the port cannot be bound or the node cannot
   * start (startup errors are fatal, not values).
   */
  public synchronized void start(String boltAddress, String httpAddress) {
    this.boltAddress = boltAddress;
    this.httpAddress = httpAddress;
    if (!rpcServer.init(null)) {
      throw new IllegalStateException("cannot start raft RPC server on "
          + settings.bindHost() + ":" + settings.port());
    }
    rpcServer.guard().verifyServing(settings.bindHost(), rpcServer.boundPort());
    PeerId me = new PeerId(settings.advertiseHost(), rpcServer.boundPort());
    Configuration conf = configuration(me);
    for (PeerId peer : conf.getPeers()) {
      RaftPeerKeys.register(peer.getEndpoint().toString(), clusterKey, tls);
    }
    self = me;
    NodeOptions options = nodeOptions(conf);
    RaftGroupService group = new RaftGroupService(GROUP_ID, me, options, rpcServer, true);
    service = group;
    node = group.start(false);
    long term = leaderTerm;
    if (term >= 0) {
      announceLeading(term); // it led before start() returned: the FSM callback saw no node yet
    }
    if (settings.singleNode() && !node.isLeader()) {
      com.alipay.sofa.jraft.Status reset = node.resetPeers(conf);
      LOG.info("single-node meta group pointed at {}: {}", me, reset);
    }
    LOG.info("meta raft member {} started, peers {}", me, conf);
  }

  private Configuration configuration(PeerId me) {
    if (settings.singleNode()) {
      return new Configuration(List.of(me));
    }
    List<PeerId> peers = new ArrayList<>();
    for (String peer : settings.peers()) {
      PeerId id = JRaftUtils.getPeerId(peer);
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("bad raft peer address: " + peer);
      }
      peers.add(id);
    }
    if (peers.stream().noneMatch(p -> p.getEndpoint().equals(me.getEndpoint()))) {
      throw new IllegalArgumentException("this node " + me + " is not among the raft peers "
          + settings.peers() + " (advertiseHost:raftPort must be listed)");
    }
    return new Configuration(peers);
  }

  private NodeOptions nodeOptions(Configuration conf) {
    Path dir = settings.dataDir();
    NodeOptions options = new NodeOptions();
    options.setInitialConf(conf);
    options.setFsm(fsm);
    options.setElectionTimeoutMs(settings.electionTimeoutMillis());
    options.getRaftOptions().setMaxElectionDelayMs(
        Math.max(50, settings.electionTimeoutMillis() / 2));
    options.setSnapshotIntervalSecs(settings.snapshotIntervalSecs());
    options.setLogUri(directory(dir.resolve("log")));
    options.setRaftMetaUri(directory(dir.resolve("meta")));
    options.setSnapshotUri(directory(dir.resolve("snapshot")));
    return options;
  }

  private static String directory(Path path) {
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path, e);
    }
    return path.toString();
  }

  /** The bound raft port, or the configured one before {@link #start}. */
  public int port() {
    return self == null ? settings.port() : self.getPort();
  }

  /** This node's raft address ({@code host:port}), or null before {@link #start}. */
  public String raftAddress() {
    PeerId me = self;
    return me == null ? null : me.getEndpoint().toString();
  }

  @Override
  public MetaState state() {
    return fsm.state();
  }

  @Override
  public boolean isLeading() {
    return leaderTerm >= 0 && node != null;
  }

  /** True when a leader is known and reachable: this node leads, or its endpoint is committed. */
  public boolean isReady() {
    return leader() != null;
  }

  @Override
  public String leaderBoltAddress() {
    LeaderEndpoint leader = leader();
    return leader == null ? null : leader.boltAddress();
  }

  /** The current leader's endpoints, or null while none is known. */
  public LeaderEndpoint leader() {
    long term = leaderTerm;
    PeerId me = self;
    if (term >= 0 && me != null) {
      return new LeaderEndpoint(me.getEndpoint().toString(), boltAddress, httpAddress, term);
    }
    Following f = following;
    LeaderEndpoint announced = fsm.state().leader();
    if (f != null && announced != null && announced.term() == f.term()
        && announced.raftAddress().equals(f.raftAddress())) {
      return announced;
    }
    return null;
  }

  @Override
  public LeaderEndpoint unannounced() {
    long term = leaderTerm;
    PeerId me = self;
    if (term < 0 || me == null) {
      return null;
    }
    String raftAddress = me.getEndpoint().toString();
    LeaderEndpoint committed = fsm.state().leader();
    if (committed != null && committed.term() == term && committed.raftAddress().equals(raftAddress)) {
      return null;
    }
    return new LeaderEndpoint(raftAddress, boltAddress, httpAddress, term);
  }

  @Override
  public void propose(Command command, Consumer<Outcome> done) {
    long term = leaderTerm;
    Node current = node;
    if (term < 0 || current == null) {
      done.accept(Outcome.of(Status.NOT_LEADER, "this meta node does not lead"));
      return;
    }
    byte[] entry;
    try {
      entry = StateCodec.encode(command);
    } catch (IllegalArgumentException e) {
      done.accept(Outcome.of(Status.BAD_REQUEST, e.getMessage()));
      return;
    }
    ProposalClosure closure = new ProposalClosure(done);
    Task task = new Task(ByteBuffer.wrap(entry), closure);
    task.setExpectedTerm(term);
    try {
      current.apply(task);
    } catch (RuntimeException e) {
      // jraft throws when the node is shutting down (after failing the closure itself).
      closure.run(new com.alipay.sofa.jraft.Status(RaftError.ENODESHUTDOWN, "%s", e.toString()));
    }
  }

  /** Takes a snapshot now (the log before it can then be truncated). */
  public void snapshot(Consumer<Outcome> done) {
    Node current = node;
    if (current == null) {
      done.accept(Outcome.of(Status.NOT_READY, "raft node not started"));
      return;
    }
    current.snapshot(new ProposalClosure(done));
  }

  @Override
  public synchronized void close() {
    RaftGroupService group = service;
    if (group != null) {
      group.shutdown();
      try {
        group.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      service = null;
      node = null;
    }
    if (rpcServer.isStarted()) {
      rpcServer.shutdown(); // bolt refuses to shut down a server it never started
    }
    raftRpcExecutor.shutdownNow();
    cliRpcExecutor.shutdownNow();
    leaderTerm = -1;
    following = null;
  }

  /**
   * Tells the listeners (membership, which then commits this node's endpoints) that this node
   * leads {@code term}, once per term. A single-node group can win its election inside
   * {@code RaftGroupService.start}, before {@link #node} is set and proposals can be made, so both
   * the FSM callback and {@link #start} call this, and whichever sees the node and the term both
   * set goes first; the other finds the term already told.
   */
  private void announceLeading(long term) {
    long before = toldTerm.get();
    if (term > before && toldTerm.compareAndSet(before, term)) {
      listeners.forEach(l -> l.leaderStarted(term));
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The leader this node follows, as jraft reported it. */
  private record Following(String raftAddress, long term) {}

  /** FSM-thread callbacks: track leadership, announce endpoints, notify listeners. */
  private final class FsmEvents implements MetaStateMachine.Events {
    @Override
    public void leaderStarted(long term) {
      following = null;
      leaderTerm = term;
      if (node != null) {
        announceLeading(term);
      }
    }

    @Override
    public void leaderStopped() {
      leaderTerm = -1;
      listeners.forEach(LeadershipListener::leaderStopped);
    }

    @Override
    public void followingStarted(String leaderRaftAddress, long term) {
      following = new Following(leaderRaftAddress, term);
    }

    @Override
    public void followingStopped() {
      following = null;
    }
  }
}
