package io.roster.remoting;

import com.alipay.remoting.exception.RemotingException;
import com.alipay.remoting.rpc.RpcServer;
import io.roster.remoting.guard.BoltGuard;
import io.roster.remoting.guard.GuardLimits;
import io.roster.remoting.hessian.AllowlistSerializer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A bolt listening endpoint. Register handlers and listeners, then {@link #start()}. Port 0 binds
 * an ephemeral port; {@link #port()} tells which. Every connection passes a {@link BoltGuard}
 * first (frame size, connection limits); start fails if bolt did not put it in the pipeline.
 */
public final class BoltServer implements AutoCloseable {

  private final RpcServer server;
  private final String host;
  private final BoltGuard guard;
  private final BoltPeer.Invoker invoker;
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();

  /** With the default limits ({@link GuardLimits#DEFAULT}). */
  public BoltServer(String host, int port) {
    this(host, port, GuardLimits.DEFAULT, "bolt");
  }

  /** @param what names the port in refusal log lines, e.g. {@code "session"} */
  public BoltServer(String host, int port, GuardLimits limits, String what) {
    AllowlistSerializer.install();
    this.host = host;
    // Managed connections, so that close() also closes every accepted connection: clients of a
    // stopped session must notice at once and fail over, not stay attached to a dead server.
    this.server = new RpcServer(host, port, true);
    this.guard = BoltGuard.install(server, limits, what);
    this.invoker = BoltPeer.Invoker.of(server::invokeWithCallback, server::oneway);
    BoltPeer.forwardEvents(server::addConnectionEventProcessor, invoker, listeners);
  }

  public <T> BoltServer handle(Class<T> type, RequestHandler<T> handler) {
    server.registerUserProcessor(new BoltProcessor<>(type, handler, invoker));
    return this;
  }

  public BoltServer listen(ConnectionListener listener) {
    listeners.add(listener);
    return this;
  }

  public void start() {
    try {
      server.startup();
    } catch (RuntimeException e) {
      throw new IllegalStateException("bolt server failed to bind " + server.ip() + ":" + server.port(), e);
    }
    try {
      guard.verifyServing(host, server.port());
    } catch (IllegalStateException e) {
      server.shutdown();
      throw e;
    }
  }

  /** The guard of this port: its limits and refusal counts. */
  public BoltGuard guard() {
    return guard;
  }

  public int port() {
    return server.port();
  }

  /** Idempotent; a server that never started has nothing to stop. */
  @Override
  public void close() {
    if (server.isStarted()) {
      server.shutdown();
    }
  }
}
