package io.roster.remoting;

import com.alipay.remoting.Connection;
import com.alipay.remoting.Url;
import com.alipay.remoting.config.BoltClientOption;
import com.alipay.remoting.exception.RemotingException;
import com.alipay.remoting.rpc.RpcClient;
import io.roster.remoting.hessian.AllowlistSerializer;
import io.roster.remoting.link.ClusterKey;
import io.roster.remoting.link.ClusterLinks;
import io.roster.remoting.link.LinkDialer;
import io.roster.remoting.refusal.RefusalLog;
import io.roster.remoting.tls.MemberTls;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bolt dialing endpoint with one connection per address. Requests that the far side sends back
 * over those connections go to the handlers registered here. A client of cluster members
 * ({@link #forMembers}) runs the cluster-link handshake on every connection it dials before it
 * uses it, and serves requests from the far side only once that side proved itself; with members'
 * TLS, inside a mutual TLS session whose peer certificate must name the host dialed.
 */
public final class BoltClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BoltClient.class);

  private final RpcClient client = new RpcClient();
  private final BoltPeer.Invoker invoker;
  /** Requests from the far side whose body is not what their handler takes. */
  private final RefusalLog refusals = RefusalLog.perMinute(LOG, "bolt request to a client");
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private final int connectTimeoutMillis;
  private final LinkDialer dialer;

  /** A client of client ports: no handshake. */
  public BoltClient(int connectTimeoutMillis) {
    this(connectTimeoutMillis, null);
  }

  /** A client of members-only ports of the cluster that holds {@code key}; {@code who} is for their logs. */
  public static BoltClient forMembers(int connectTimeoutMillis, ClusterKey key, String who) {
    return new BoltClient(connectTimeoutMillis, new LinkDialer(key, who, connectTimeoutMillis));
  }

  /**
   * A client of members-only ports: the handshake with {@code links.key()}, inside mutual TLS on
   * every connection when {@code links.tls()} has it for members.
   */
  public static BoltClient forMembers(int connectTimeoutMillis, ClusterLinks links, String who) {
    BoltClient client = forMembers(connectTimeoutMillis, links.key(), who);
    MemberTls tls = links.tls().members();
    if (tls != null) {
      client.client.option(BoltClientOption.EXTENDED_NETTY_CHANNEL_HANDLER, tls.dialing());
    }
    return client;
  }

  private BoltClient(int connectTimeoutMillis, LinkDialer dialer) {
    AllowlistSerializer.install();
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.dialer = dialer;
    this.invoker = BoltPeer.Invoker.of(client::invokeWithCallback, client::oneway);
    BoltPeer.forwardEvents(client::addConnectionEventProcessor, invoker, listeners);
  }

  public <T> BoltClient handle(Class<T> type, RequestHandler<T> handler) {
    client.registerUserProcessor(new BoltProcessor<>(type, handler, invoker, refusals, dialer));
    return this;
  }

  public BoltClient listen(ConnectionListener listener) {
    listeners.add(listener);
    return this;
  }

  public void start() {
    client.startup();
  }

  /**
   * The connection to {@code address} ({@code host:port}), dialed if there is none. Dialing blocks
   * up to the connect timeout, so call this from a thread that may block, never an I/O thread.
   *
   * <p>A connection that closes while bolt sets it up (reset at once, as in a network blip) can
   * land in bolt's pool after its close was handled; bolt then answers no connection at all for
   * that address until its scanner drops the dead one, seconds later. Such a pool is dropped here
   * and the address dialed afresh, so a heartbeat gets through as soon as the link is back.
   */
  public Peer connect(String address) throws RemotingException {
    try {
      Connection connection = client.getConnection(address, connectTimeoutMillis);
      if (connection == null || !connection.isFine()) {
        client.closeConnection(address);
        connection = client.getConnection(address, connectTimeoutMillis);
      }
      if (connection == null) {
        throw new RemotingException("no connection to " + address);
      }
      return usable(connection);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemotingException("interrupted while connecting to " + address, e);
    }
  }

  /**
   * A connection of its own to {@code address}, apart from the shared one: each {@code key} gets a
   * separate connection. For load generators that need many client connections.
   */
  public Peer connectSeparately(String address, String key) throws RemotingException {
    Url shared = client.getAddressParser().parse(address);
    Url url = new Url(address + "#" + key, shared.getIp(), shared.getPort(), key, new Properties());
    url.setProtocol(shared.getProtocol());
    url.setVersion(shared.getVersion());
    url.setConnectTimeout(connectTimeoutMillis);
    url.setConnNum(1);
    try {
      return usable(client.getConnection(url, connectTimeoutMillis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemotingException("interrupted while connecting to " + address, e);
    }
  }

  /** The peer of a dialed connection, once it completed the handshake where one is needed. */
  private Peer usable(Connection connection) throws RemotingException {
    if (dialer != null) {
      dialer.authenticate(client, connection);
    }
    return BoltPeer.of(connection, invoker);
  }

  /** Whether the connection may carry requests: up, and through the handshake where one is needed. */
  private boolean ready(Connection connection) {
    return connection != null && connection.isFine() && (dialer == null || dialer.admits(connection));
  }

  /**
   * Invokes over the existing connection to {@code address}, or fails at once when there is none:
   * for owner threads, which must never block on a dial. Something else keeps the link up.
   */
  public CompletableFuture<Object> invokeIfConnected(String address, Object request, int timeoutMillis) {
    Connection connection = client.getConnectionManager().get(address);
    if (!ready(connection)) {
      return CompletableFuture.failedFuture(new RemotingException("not connected to " + address));
    }
    return BoltPeer.of(connection, invoker).invoke(request, timeoutMillis);
  }

  /**
   * Whether {@code peer} is this client's connection to {@code address}: the address as dialed
   * (a hostname stays a hostname), not as the socket reports it.
   */
  public boolean isConnectionTo(String address, Peer peer) {
    Connection connection = address == null ? null : client.getConnectionManager().get(address);
    return connection != null && connection.getAttribute(BoltPeer.ATTRIBUTE) == peer;
  }

  /** Sends one-way over the existing connection to {@code address}; false when there is none. */
  public boolean onewayIfConnected(String address, Object message) {
    Connection connection = client.getConnectionManager().get(address);
    return ready(connection) && BoltPeer.of(connection, invoker).oneway(message);
  }

  /** Connects if needed, then invokes. Failures complete the future exceptionally. */
  public CompletableFuture<Object> invoke(String address, Object request, int timeoutMillis) {
    try {
      return connect(address).invoke(request, timeoutMillis);
    } catch (RemotingException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  public void disconnect(String address) {
    client.closeConnection(address);
  }

  /** Bolt's pool of this client's connections, for tests in this package. */
  com.alipay.remoting.ConnectionManager connections() {
    return client.getConnectionManager();
  }

  /** Idempotent; a client that never started has nothing to stop. */
  @Override
  public void close() {
    if (client.isStarted()) {
      client.shutdown();
    }
  }
}
