package io.roster.remoting.meta;

import io.roster.model.Ticker;
import io.roster.protocol.Status;
import io.roster.protocol.meta.HeartbeatReply;
import io.roster.protocol.meta.NodeHeartbeat;
import io.roster.remoting.BoltClient;
import io.roster.remoting.NamedThreads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a session's or data node's lease alive: one heartbeat per interval to the meta leader.
 *
 * <p>Where each heartbeat goes and when is {@link MetaTargets}' decision: it starts with the first
 * configured address, follows a {@code NOT_LEADER} redirect at once (unless it names a node that
 * just failed, such as a dead leader its followers still name), and otherwise moves on to the next
 * address with a short backoff, so a new meta leader is found within milliseconds of its
 * election. One heartbeat is in flight at a time; the next is sent only after the previous one
 * ended, so a slow meta is never flooded. Replies are handed to {@code onReply} on this client's
 * own thread; the consumer hands off to its owner.
 */
public final class MetaClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MetaClient.class);

  private final BoltClient bolt;
  private final Supplier<NodeHeartbeat> heartbeat;
  private final Consumer<HeartbeatReply> onReply;
  private final long intervalMillis;
  private final ScheduledExecutorService thread;

  // Owned by the heartbeat thread.
  private final MetaTargets targets;
  private boolean inFlight;
  private ScheduledFuture<?> next;

  public MetaClient(List<String> metaAddresses, BoltClient bolt, Supplier<NodeHeartbeat> heartbeat,
      Duration interval, Consumer<HeartbeatReply> onReply, String threadName) {
    this(metaAddresses, bolt, heartbeat, interval, onReply, threadName, Ticker.system());
  }

  public MetaClient(List<String> metaAddresses, BoltClient bolt, Supplier<NodeHeartbeat> heartbeat,
      Duration interval, Consumer<HeartbeatReply> onReply, String threadName, Ticker ticker) {
    this.bolt = bolt;
    this.heartbeat = heartbeat;
    this.onReply = onReply;
    this.intervalMillis = interval.toMillis();
    this.thread = NamedThreads.owner(threadName);
    this.targets = new MetaTargets(metaAddresses, ticker, interval);
  }

  public void start() {
    thread.execute(this::beat);
  }

  /** Sends a heartbeat now instead of at the next tick, e.g. when a slot table is needed. */
  public void beatSoon() {
    thread.execute(() -> {
      if (!inFlight) {
        if (next != null) {
          next.cancel(false);
        }
        beat();
      }
    });
  }

  private void beat() {
    inFlight = true;
    NodeHeartbeat request = heartbeat.get();
    int timeout = (int) Math.max(1000, intervalMillis * 3);
    String target = targets.target();
    bolt.invoke(target, request, timeout).whenCompleteAsync((response, error) -> {
      long delay;
      if (error == null && response instanceof HeartbeatReply reply) {
        delay = handle(target, reply);
      } else {
        delay = targets.unreachable();
        warn(target, error == null ? "unexpected reply " + response : error.toString());
      }
      inFlight = false;
      schedule(delay);
    }, thread);
  }

  private long handle(String target, HeartbeatReply reply) {
    if (reply.status() == Status.OK) {
      if (targets.misses() > 0) {
        LOG.info("meta {} answers as leader after {} attempt(s) without one", target, targets.misses());
      }
      long delay = targets.ok();
      try {
        onReply.accept(reply);
      } catch (RuntimeException e) {
        LOG.error("handling the heartbeat reply from meta {} failed", target, e); // keep beating
      }
      return delay;
    }
    if (reply.status() == Status.NOT_LEADER) {
      long delay = targets.redirected(reply.leaderAddress());
      if (delay == 0) {
        LOG.info("meta {} is not leader; following to {}", target, targets.target());
      } else {
        warn(target, "not leader, " + (reply.leaderAddress() == null ? "no leader known"
            : "names " + reply.leaderAddress() + ", which is not followed now"));
      }
      return delay;
    }
    long delay = targets.noLeader();
    warn(target, "answered " + reply.status());
    return delay;
  }

  private void warn(String target, String why) {
    int misses = targets.misses();
    if (misses == 1 || misses % 30 == 0) {
      LOG.warn("heartbeat to meta {} failed ({} in a row): {}", target, misses, why);
    }
  }

  private void schedule(long delayNanos) {
    if (!thread.isShutdown()) {
      next = thread.schedule(this::beat, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
