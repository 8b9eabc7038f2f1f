package io.roster.remoting.testing;

import io.roster.remoting.Peer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A connection without a network, for tests. It keeps what was sent to it, answers requests with
 * {@link #answer} (by default: fails, there is no network), and answers pings as scripted:
 * {@code acks} says whether it acknowledges them, {@code talks} whether it sends something right
 * after each one.
 */
public final class FakePeer implements Peer {

  private final String id;
  private final boolean acks;
  private final boolean talks;
  public final AtomicInteger pings = new AtomicInteger();
  /** What {@link #oneway} was given, in order. */
  public final List<Object> sent = new CopyOnWriteArrayList<>();
  /** What {@link #invoke} was given, in order. */
  public final List<Object> requests = new CopyOnWriteArrayList<>();
  public volatile Function<Object, Object> answer = request -> {
    throw new UnsupportedOperationException("no network");
  };
  public volatile boolean open = true;
  private volatile long lastHeard;

  public FakePeer(String id, boolean acks, boolean talks) {
    this.id = id;
    this.acks = acks;
    this.talks = talks;
  }

  public FakePeer(String id) {
    this(id, true, false);
  }

  @Override
  public CompletableFuture<Boolean> ping(int timeoutMillis) {
    pings.incrementAndGet();
    if (talks) {
      lastHeard = System.nanoTime() + 1;
    }
    return CompletableFuture.completedFuture(acks && open);
  }

  @Override
  public long lastHeardNanos() {
    return lastHeard;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String remoteAddress() {
    return id;
  }

  @Override
  public String remoteIp() {
    return "127.0.0.1";
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  public boolean closed() {
    return !open;
  }

  @Override
  public CompletableFuture<Object> invoke(Object request, int timeoutMillis) {
    requests.add(request);
    try {
      return CompletableFuture.completedFuture(answer.apply(request));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public boolean oneway(Object message) {
    sent.add(message);
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
