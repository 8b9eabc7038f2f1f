package io.roster.meta.membership;

import io.roster.meta.raft.Command;
import io.roster.meta.raft.Consensus;
import io.roster.meta.raft.LeaderEndpoint;
import io.roster.meta.raft.LeadershipListener;
import io.roster.meta.raft.Member;
import io.roster.meta.raft.MetaState;
import io.roster.meta.raft.Outcome;
import io.roster.meta.slots.SlotAssigner;
import io.roster.model.SlotTable;
import io.roster.model.Ticker;
import io.roster.protocol.NodeRole;
import io.roster.protocol.Status;
import io.roster.protocol.meta.HeartbeatReply;
import io.roster.protocol.meta.NodeHeartbeat;
import io.roster.protocol.meta.NodeInfo;
import io.roster.remoting.NamedThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meta leader's view of who is alive, and the loop that turns it into committed state.
 *
 * <p>One thread ("meta-membership") owns the leases and every decision; bolt handlers and raft
 * callbacks only enqueue work onto it, so nothing here needs a lock. After each heartbeat, tick or
 * commit it <em>reconciles</em>: a new leader first commits its own endpoints
 * ({@link Consensus#unannounced}); then, if the member list meta should have differs from the
 * committed one it proposes that; otherwise it may ask {@link SlotAssigner} for the next table and propose
 * it when it differs. A round is <em>forced</em> when the live data nodes differ from the table's
 * (a join or an eviction) and no round was yet made for exactly these nodes; any other round is
 * <em>voluntary</em> and waits until every live data node has acknowledged the current epoch in a
 * heartbeat. That gate is what makes a new node serve as a follower for at least one heartbeat
 * round before it may take over leadership of a slot.
 * A proposal that fails (jraft's {@code EBUSY} when its apply queue is full or leadership is
 * being transferred, or any other raft error) is retried after 200 ms, doubling with each failure
 * in a row up to 2 s; a commit resets that. A conditional command that lost a race
 * ({@code EPOCH_MISMATCH}) is reconsidered at once against the new state.
 * At most one proposal is in flight; heartbeats that arrive meanwhile are answered when it
 * completes (or after {@value #PARK_MILLIS} ms), so a joining node gets its table in the very
 * reply to its first heartbeat. The table is sent whenever the sender's epoch differs from the
 * current one (not only when it is lower), so a node that knows an epoch meta never had (meta's
 * data was wiped) is corrected too.
 */
public final class Membership implements LeadershipListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
  private static final long PARK_MILLIS = 1000;
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final int MAX_ADDRESS_LENGTH = 255;
  private static final int MAX_ZONE_LENGTH = 128;

  private final Consensus raft;
  private final Ticker ticker;
  private final Duration sessionLease;
  private final Duration dataLease;
  private final int slotCount;
  private final int replicas;
  private final LeaseTable leases;
  private final ScheduledExecutorService thread;

  // Owned by the membership thread.
  private boolean leading;
  private boolean proposing;
  /** Counts leadership changes; a proposal's completion from an earlier leadership is ignored. */
  private long leadership;
  private long retryAt;
  private int failuresInRow;
  private RoundInputs settled;
  private List<String> placedFor;
  private MetaState listed;
  private List<NodeInfo> listedSessions = List.of();
  private List<NodeInfo> listedData = List.of();
  private final List<Parked> parked = new ArrayList<>();
  private ScheduledFuture<?> parkDeadline;

  public Membership(Consensus raft, Ticker ticker, Duration sessionLease, Duration dataLease,
      int slotCount, int replicas) {
    this.raft = raft;
    this.ticker = ticker;
    this.sessionLease = sessionLease;
    this.dataLease = dataLease;
    this.slotCount = slotCount;
    this.replicas = replicas;
    this.leases = new LeaseTable(sessionLease, dataLease, ticker);
    this.thread = NamedThreads.owner("meta-membership");
    this.retryAt = ticker.nanoTime();
  }

  /** Starts the expiry tick (a tenth of the shorter lease, between 20 and 200 ms). */
  public void start() {
    long shorter = Math.min(sessionLease.toMillis(), dataLease.toMillis());
    long tick = Math.max(20, Math.min(200, shorter / 10));
    thread.scheduleWithFixedDelay(guarded(this::tick), tick, tick, TimeUnit.MILLISECONDS);
  }

  /**
   * Handles one heartbeat from any thread, received on {@code connection}. {@code reply} is called
   * exactly once: from the membership thread, or at once with {@code NOT_LEADER} when closed.
   */
  public void heartbeat(NodeHeartbeat heartbeat, String connection, Consumer<HeartbeatReply> reply) {
    if (!run(() -> onHeartbeat(heartbeat, connection, reply))) {
      reply.accept(HeartbeatReply.notLeader(null));
    }
  }

  /** A bolt connection to this meta node closed; may be called from any thread. */
  public void connectionClosed(String connection) {
    run(() -> {
      Member member = leading ? leases.connectionClosed(connection) : null;
      if (member != null) {
        LOG.info("connection of {} closed; evicting it unless it heartbeats within {}", member,
            LeaseTable.DROPPED_CONNECTION_GRACE);
      }
    });
  }

  /**
   * The leases held now, sorted by address, read on the membership thread; empty when this node
   * does not lead (only the leader holds leases). Fails once membership is closed.
   */
  public CompletableFuture<Optional<List<LeaseView>>> leases() {
    CompletableFuture<Optional<List<LeaseView>>> answer = new CompletableFuture<>();
    if (!run(() -> answer.complete(leading ? Optional.of(leases.views()) : Optional.empty()))) {
      answer.completeExceptionally(new IllegalStateException("membership is closed"));
    }
    return answer;
  }

  @Override
  public void leaderStarted(long term) {
    run(() -> {
      leading = true;
      leadership++;
      proposing = false; // whatever was in flight belongs to the old leadership
      leases.startLeading();
      settled = null;
      placedFor = null;
      retryAt = ticker.nanoTime();
      failuresInRow = 0;
      LOG.info("meta leader (term {}): evicting no session for the next {} and no data node for the next {}",
          term, sessionLease, dataLease);
      reconcile();
    });
  }

  @Override
  public void leaderStopped() {
    run(() -> {
      leading = false;
      leadership++;
      proposing = false;
      leases.stopLeading();
      flushParked();
    });
  }

  private void onHeartbeat(NodeHeartbeat heartbeat, String connection, Consumer<HeartbeatReply> reply) {
    if (!leading || !raft.isLeading()) {
      reply.accept(HeartbeatReply.notLeader(raft.leaderBoltAddress()));
      return;
    }
    String problem = problemWith(heartbeat);
    if (problem != null) {
      LOG.debug("refusing heartbeat {}: {}", heartbeat, problem);
      reply.accept(new HeartbeatReply(Status.BAD_REQUEST, null, null, List.of(), List.of(), 0));
      return;
    }
    Member member = new Member(heartbeat.role(), heartbeat.address(), heartbeat.zone(),
        heartbeat.incarnation());
    if (heartbeat.leaving()) {
      if (leases.isLive(member.address())) {
        LOG.info("{} is leaving: moving its slots now", member);
      }
      leases.leave(member);
    } else {
      LeaseTable.Renewal renewal = leases.renew(member, heartbeat.knownEpoch(), heartbeat.laggingSlots(), connection);
      if (renewal == LeaseTable.Renewal.RETURNED) {
        LOG.warn("{} heartbeats again after a newer incarnation held its address (a forged or a"
            + " stale heartbeat); it takes the address back", member);
      } else if (renewal != LeaseTable.Renewal.RENEWED) {
        LOG.info("{} {}", renewal.name().toLowerCase(Locale.ROOT), member);
      }
    }
    reconcile();
    if (proposing) {
      park(new Parked(heartbeat.knownEpoch(), heartbeat.role(), reply));
    } else {
      reply.accept(replyFor(heartbeat.knownEpoch(), heartbeat.role()));
    }
  }

  private void tick() {
    if (!leading) {
      return;
    }
    for (Member gone : leases.expire()) {
      LOG.info("lease expired: {}", gone);
    }
    reconcile();
    if (!proposing) {
      flushParked();
    }
  }

  /** Proposes the next change towards the desired state, if any and if none is in flight. */
  private void reconcile() {
    if (!leading || proposing || ticker.nanoTime() - retryAt < 0) {
      return;
    }
    LeaderEndpoint me = raft.unannounced();
    if (me != null) {
      propose(new Command.AnnounceLeader(me));
      return;
    }
    MetaState state = raft.state();
    List<Member> desired = leases.desiredMembers(state.members());
    if (!desired.equals(state.members())) {
      propose(new Command.SetMembers(desired));
      return;
    }
    List<String> data = new ArrayList<>();
    state.members().stream().filter(m -> m.role() == NodeRole.DATA).forEach(m -> data.add(m.address()));
    SlotTable table = state.slotTable();
    boolean acknowledged = leases.allAcknowledged(data, table.epoch());
    RoundInputs inputs = new RoundInputs(table.epoch(), data, acknowledged);
    boolean forced = !data.equals(placedFor) && !new TreeSet<>(data).equals(nodesOf(table));
    if (inputs.equals(settled) || (!forced && !acknowledged)) {
      return;
    }
    List<SlotTable.Slot> next = SlotAssigner.assign(table, data, slotCount, replicas);
    if (next.equals(table.slots())) {
      settled = inputs;
      return;
    }
    placedFor = data;
    propose(new Command.SetSlotTable(table.epoch(), next));
  }

  private void propose(Command command) {
    proposing = true;
    long proposedIn = leadership;
    raft.propose(command, outcome -> {
      if (!run(() -> proposalDone(proposedIn, command, outcome))) {
        LOG.debug("membership closed before {} completed: {}", command.getClass().getSimpleName(), outcome);
      }
    });
  }

  private void proposalDone(long proposedIn, Command command, Outcome outcome) {
    if (proposedIn != leadership) {
      // A late answer from an earlier leadership must not clear a newer proposal or back it off.
      LOG.debug("{} from an earlier leadership ended: {}", command.getClass().getSimpleName(), outcome);
      return;
    }
    proposing = false;
    if (outcome.isOk()) {
      LOG.debug("committed {}", command.getClass().getSimpleName());
      failuresInRow = 0;
    } else {
      placedFor = null;
      if (outcome.status() == Status.EPOCH_MISMATCH) {
        LOG.info("proposal {} lost a race: {}", command.getClass().getSimpleName(), outcome);
      } else {
        // EBUSY (apply queue full, leadership transfer) and every other raft failure: back off.
        long backoff = Math.min(MAX_RETRY_NANOS, RETRY_NANOS << Math.min(failuresInRow, 10));
        failuresInRow++;
        retryAt = ticker.nanoTime() + backoff;
        LOG.warn("proposal {} failed ({} in a row), next attempt in {} ms: {}",
            command.getClass().getSimpleName(), failuresInRow,
            TimeUnit.NANOSECONDS.toMillis(backoff), outcome);
      }
    }
    reconcile();
    if (!proposing) {
      flushParked();
    }
  }

  private void park(Parked waiting) {
    parked.add(waiting);
    if (parkDeadline == null) {
      parkDeadline = thread.schedule(guarded(this::flushParked), PARK_MILLIS,
          TimeUnit.MILLISECONDS);
    }
  }

  private void flushParked() {
    if (parkDeadline != null) {
      parkDeadline.cancel(false);
      parkDeadline = null;
    }
    List<Parked> waiting = new ArrayList<>(parked);
    parked.clear();
    for (Parked p : waiting) {
      p.reply().accept(leading && raft.isLeading() ? replyFor(p.knownEpoch(), p.role())
          : HeartbeatReply.notLeader(raft.leaderBoltAddress()));
    }
  }

  private HeartbeatReply replyFor(long knownEpoch, NodeRole role) {
    MetaState state = raft.state();
    SlotTable table = state.slotTable();
    SlotTable send = table.epoch() > 0 && table.epoch() != knownEpoch ? table : null;
    if (state != listed) {
      // Every node heartbeats every second; build the member lists once per committed state.
      List<NodeInfo> sessions = new ArrayList<>();
      List<NodeInfo> dataNodes = new ArrayList<>();
      for (Member member : state.members()) {
        (member.role() == NodeRole.SESSION ? sessions : dataNodes).add(member.toNodeInfo());
      }
      listed = state;
      listedSessions = List.copyOf(sessions);
      listedData = List.copyOf(dataNodes);
    }
    return new HeartbeatReply(Status.OK, raft.leaderBoltAddress(), send, listedSessions,
        listedData, TimeUnit.NANOSECONDS.toMillis(leases.leaseNanos(role)));
  }

  private static String problemWith(NodeHeartbeat heartbeat) {
    if (heartbeat.role() == null) {
      return "no role";
    }
    String address = heartbeat.address();
    if (address != null && address.length() > MAX_ADDRESS_LENGTH) {
      return "address longer than " + MAX_ADDRESS_LENGTH;
    }
    if (heartbeat.zone() != null && heartbeat.zone().length() > MAX_ZONE_LENGTH) {
      return "zone longer than " + MAX_ZONE_LENGTH;
    }
    int colon = address == null ? -1 : address.lastIndexOf(':');
    if (colon <= 0) {
      return "address must be host:port";
    }
    try {
      int port = Integer.parseInt(address.substring(colon + 1));
      return port > 0 && port < 65536 ? null : "port out of range";
    } catch (NumberFormatException e) {
      return "address must be host:port";
    }
  }

  private static TreeSet<String> nodesOf(SlotTable table) {
    TreeSet<String> nodes = new TreeSet<>();
    for (SlotTable.Slot slot : table.slots()) {
      nodes.add(slot.leader());
      nodes.addAll(slot.followers());
    }
    return nodes;
  }

  /** Runs {@code task} on the membership thread; false once closed. */
  private boolean run(Runnable task) {
    try {
      thread.execute(guarded(task));
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** The executor would swallow a task's exception silently; log it instead. */
  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("membership task failed", e);
      }
    };
  }

  /** Answers waiting heartbeats with NOT_LEADER and stops the thread. */
  @Override
  public void close() {
    run(() -> {
      leading = false;
      flushParked();
    });
    thread.shutdown();
    try {
      if (!thread.awaitTermination(1, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** A heartbeat waiting for the proposal in flight. */
  private record Parked(long knownEpoch, NodeRole role, Consumer<HeartbeatReply> reply) {}

  /** What a rebalancing round depended on; the same inputs give the same (empty) answer. */
  private record RoundInputs(long epoch, List<String> dataNodes, boolean acknowledged) {}
}
