package io.roster.remoting;

import com.alipay.remoting.exception.RemotingException;
import com.alipay.remoting.rpc.RpcServer;
import io.roster.remoting.guard.BoltGuard;
import io.roster.remoting.guard.GuardLimits;
import io.roster.remoting.hessian.AllowlistSerializer;
import io.roster.remoting.link.ClusterKey;
import io.roster.remoting.link.ClusterLinks;
import io.roster.remoting.link.LinkGate;
import io.roster.remoting.refusal.RefusalLog;
import io.roster.remoting.tls.MemberTls;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bolt listening endpoint. Register handlers and listeners, then {@link #start()}. Port 0 binds
 * an ephemeral port; {@link #port()} tells which. Every connection passes a {@link BoltGuard}
 * first (frame size, connection limits); start fails if bolt did not put it in the pipeline. A
 * port for cluster members only ({@link #forMembers}) serves its handlers only on connections
 * that completed the cluster-link handshake; anything else sent there is refused and its
 * connection closed. With members' TLS ({@link ClusterLinks#tls}) each connection is mutual TLS
 * first, the guard reading the plaintext behind it, and the handshake inside it.
 */
public final class BoltServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BoltServer.class);

  private final RpcServer server;
  private final String host;
  private final BoltGuard guard;
  private final BoltPeer.Invoker invoker;
  /** Requests whose body is not what their handler takes (see {@link BoltProcessor}). */
  private final RefusalLog refusals = RefusalLog.perMinute(LOG, "bolt request");
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private final LinkGate gate;

  /** A port for clients with the default limits ({@link GuardLimits#DEFAULT}). */
  public BoltServer(String host, int port) {
    this(host, port, GuardLimits.DEFAULT, "bolt");
  }

  /** A port for clients: no handshake. {@code what} names the port in refusal log lines. */
  public BoltServer(String host, int port, GuardLimits limits, String what) {
    this(host, port, limits, what, null);
  }

  /** A port only members of the cluster that holds {@code key} may use; {@code what} is for logs. */
  public static BoltServer forMembers(String host, int port, GuardLimits limits, ClusterKey key,
      String what) {
    return new BoltServer(host, port, limits, what, new LinkGate(key, what + " bolt"), null);
  }

  /**
   * A members-only port on {@code links.bindHost()}: the handshake with {@code links.key()}, and
   * mutual TLS in front of it when {@code links.tls()} has it for members.
   */
  public static BoltServer forMembers(int port, GuardLimits limits, ClusterLinks links,
      String what) {
    return new BoltServer(links.bindHost(), port, limits, what,
        new LinkGate(links.key(), what + " bolt"), links.tls().members());
  }

  private BoltServer(String host, int port, GuardLimits limits, String what, LinkGate gate) {
    this(host, port, limits, what, gate, null);
  }

  private BoltServer(String host, int port, GuardLimits limits, String what, LinkGate gate,
      MemberTls tls) {
    AllowlistSerializer.install();
    this.host = host;
    this.gate = gate;
    // Managed connections, so that close() also closes every accepted connection: clients of a
    // stopped session must notice at once and fail over, not stay attached to a dead server.
    this.server = new RpcServer(host, port, true);
    this.guard = BoltGuard.install(server, limits, what, tls);
    this.invoker = BoltPeer.Invoker.of(server::invokeWithCallback, server::oneway);
    BoltPeer.forwardEvents(server::addConnectionEventProcessor, invoker, listeners);
    if (gate != null) {
      gate.install(server);
    }
  }

  public <T> BoltServer handle(Class<T> type, RequestHandler<T> handler) {
    server.registerUserProcessor(new BoltProcessor<>(type, handler, invoker, refusals, gate));
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

  /** Requests refused for want of the handshake, and failed handshakes; 0 on a client port. */
  public long linkRefusals() {
    return gate == null ? 0 : gate.refusals();
  }

  /** Idempotent; a server that never started has nothing to stop. */
  @Override
  public void close() {
    if (server.isStarted()) {
      server.shutdown();
    }
  }
}
