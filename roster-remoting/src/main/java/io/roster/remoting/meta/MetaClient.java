package io.roster.remoting.meta;

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
 * <p>It starts with the first configured address, follows {@code NOT_LEADER} redirects, and moves
 * to the next address when one does not answer. One heartbeat is in flight at a time; the next is
 * sent one interval after the previous one ended, so a slow meta is never flooded. Replies are
 * handed to {@code onReply} on this client's own thread; the consumer hands off to its owner.
 */
public final class MetaClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MetaClient.class);

  private final List<String> metaAddresses;
  private final BoltClient bolt;
  private final Supplier<NodeHeartbeat> heartbeat;
  private final Consumer<HeartbeatReply> onReply;
  private final long intervalMillis;
  private final ScheduledExecutorService thread;

  // Owned by the heartbeat thread.
  private String target;
  private int nextIndex;
  private int failuresInRow;
  private boolean inFlight;
  private ScheduledFuture<?> next;

  public MetaClient(List<String> metaAddresses, BoltClient bolt, Supplier<NodeHeartbeat> heartbeat,
      Duration interval, Consumer<HeartbeatReply> onReply, String threadName) {
    this.metaAddresses = List.copyOf(metaAddresses);
    this.bolt = bolt;
    this.heartbeat = heartbeat;
    this.onReply = onReply;
    this.intervalMillis = interval.toMillis();
    this.thread = NamedThreads.owner(threadName);
    this.target = this.metaAddresses.get(0);
    this.nextIndex = 1 % this.metaAddresses.size();
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
    bolt.invoke(target, request, timeout).whenCompleteAsync((response, error) -> {
      if (error == null && response instanceof HeartbeatReply reply) {
        handle(reply);
      } else {
        failed(error == null ? "unexpected reply " + response : error.toString());
      }
      inFlight = false;
      schedule();
    }, thread);
  }

  private void handle(HeartbeatReply reply) {
    if (reply.status() == Status.OK) {
      failuresInRow = 0;
      onReply.accept(reply);
    } else if (reply.status() == Status.NOT_LEADER && reply.leaderAddress() != null
        && !reply.leaderAddress().equals(target)) {
      LOG.info("meta {} is not leader; following to {}", target, reply.leaderAddress());
      target = reply.leaderAddress();
    } else {
      failed("meta " + target + " answered " + reply.status());
    }
  }

  private void failed(String why) {
    failuresInRow++;
    if (failuresInRow == 1 || failuresInRow % 30 == 0) {
      LOG.warn("heartbeat to meta {} failed ({} in a row): {}", target, failuresInRow, why);
    }
    target = metaAddresses.get(nextIndex);
    nextIndex = (nextIndex + 1) % metaAddresses.size();
  }

  private void schedule() {
    if (!thread.isShutdown()) {
      next = thread.schedule(this::beat, intervalMillis, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
