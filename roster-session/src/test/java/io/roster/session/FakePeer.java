package io.roster.session;

import io.roster.remoting.Peer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection without a network, for tests. It answers pings as scripted: {@code acks} says
 * whether it acknowledges them, {@code talks} whether it sends something right after each one.
 */
public final class FakePeer implements Peer {

  private final String id;
  private final boolean acks;
  private final boolean talks;
  public final AtomicInteger pings = new AtomicInteger();
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
    return CompletableFuture.failedFuture(new UnsupportedOperationException("no network"));
  }

  @Override
  public boolean oneway(Object message) {
    return false;
  }

  @Override
  public void close() {
    open = false;
  }
}
