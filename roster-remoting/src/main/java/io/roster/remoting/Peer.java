package io.roster.remoting;

import java.util.concurrent.CompletableFuture;

/**
 * One open bolt connection, seen from either end. Role code talks to peers through this
 * interface only, so bolt types stay inside roster-remoting.
 */
public interface Peer {

  /** Unique per connection within this process: {@code remoteIp:remotePort@localPort}. */
  String id();

  /** {@code ip:port} of the other end. */
  String remoteAddress();

  /** The IP of the other end. */
  String remoteIp();

  boolean isOpen();

  /**
   * {@link System#nanoTime()} when anything (a request, a response, a heartbeat ack) last arrived
   * from this peer over this connection; a busy peer is a live one.
   */
  long lastHeardNanos();

  /**
   * Sends a request and completes with the peer's response. Failures (timeout, closed connection,
   * an error answer) complete the future exceptionally; nothing is thrown to the caller.
   */
  CompletableFuture<Object> invoke(Object request, int timeoutMillis);

  /**
   * Sends a bolt heartbeat and completes with true when the peer acknowledged it within the
   * timeout, false otherwise. Catches a frozen peer whose kernel still ACKs TCP.
   */
  CompletableFuture<Boolean> ping(int timeoutMillis);

  /** Fire and forget. Returns false when the connection was already closed or the send failed. */
  boolean oneway(Object message);

  void close();
}
