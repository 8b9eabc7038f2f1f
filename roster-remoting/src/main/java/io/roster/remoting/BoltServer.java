package io.roster.remoting;

import com.alipay.remoting.Connection;
import com.alipay.remoting.ConnectionEventType;
import com.alipay.remoting.InvokeCallback;
import com.alipay.remoting.exception.RemotingException;
import com.alipay.remoting.rpc.RpcServer;
import io.roster.remoting.hessian.AllowlistSerializer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A bolt listening endpoint. Register handlers and listeners, then {@link #start()}. Port 0 binds
 * an ephemeral port; {@link #port()} tells which.
 */
public final class BoltServer implements AutoCloseable {

  private final RpcServer server;
  private final BoltPeer.Invoker invoker;
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();

  public BoltServer(String host, int port) {
    AllowlistSerializer.install();
    // Managed connections, so that close() also closes every accepted connection: clients of a
    // stopped session must notice at once and fail over, not stay attached to a dead server.
    this.server = new RpcServer(host, port, true);
    this.invoker = new BoltPeer.Invoker() {
      @Override
      public void invoke(Connection c, Object request, InvokeCallback cb, int timeout)
          throws RemotingException {
        server.invokeWithCallback(c, request, cb, timeout);
      }

      @Override
      public void oneway(Connection c, Object message) throws RemotingException {
        server.oneway(c, message);
      }
    };
    server.addConnectionEventProcessor(ConnectionEventType.CONNECT, (remote, connection) -> {
      Peer peer = BoltPeer.of(connection, invoker);
      listeners.forEach(l -> l.opened(peer));
    });
    server.addConnectionEventProcessor(ConnectionEventType.CLOSE, (remote, connection) -> {
      Peer peer = BoltPeer.of(connection, invoker);
      listeners.forEach(l -> l.closed(peer));
    });
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
