package io.roster.remoting;

import com.alipay.remoting.exception.RemotingException;
import com.alipay.remoting.rpc.RpcServer;
import io.roster.remoting.hessian.AllowlistSerializer;
import io.roster.remoting.refusal.RefusalLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bolt listening endpoint. Register handlers and listeners, then {@link #start()}. Port 0 binds
 * an ephemeral port; {@link #port()} tells which.
 */
public final class BoltServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BoltServer.class);

  private final RpcServer server;
  private final BoltPeer.Invoker invoker;
  /** Requests whose body is not what their handler takes (see {@link BoltProcessor}). */
  private final RefusalLog refusals = RefusalLog.perMinute(LOG, "bolt request");
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();

  public BoltServer(String host, int port) {
    AllowlistSerializer.install();
    // Managed connections, so that close() also closes every accepted connection: clients of a
    // stopped session must notice at once and fail over, not stay attached to a dead server.
    this.server = new RpcServer(host, port, true);
    this.invoker = BoltPeer.Invoker.of(server::invokeWithCallback, server::oneway);
    BoltPeer.forwardEvents(server::addConnectionEventProcessor, invoker, listeners);
  }

  public <T> BoltServer handle(Class<T> type, RequestHandler<T> handler) {
    server.registerUserProcessor(new BoltProcessor<>(type, handler, invoker, refusals));
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
