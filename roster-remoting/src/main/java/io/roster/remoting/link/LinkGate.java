package io.roster.remoting.link;

import com.alipay.remoting.AsyncContext;
import com.alipay.remoting.BizContext;
import com.alipay.remoting.Connection;
import com.alipay.remoting.rpc.RpcServer;
import com.alipay.remoting.rpc.protocol.AsyncUserProcessor;
import io.roster.protocol.link.LinkChallenge;
import io.roster.protocol.link.LinkHello;
import io.roster.protocol.link.LinkProof;
import io.roster.protocol.link.LinkVerdict;
import io.roster.remoting.refusal.RefusalLog;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening half of the cluster-link handshake, for a bolt port that only cluster members may
 * use (meta, data, raft). A connection is admitted once it proved it holds the {@link ClusterKey}:
 *
 * <pre>
 *   dialer   -> LinkHello(clientNonce)
 *   listener <- LinkChallenge(serverNonce, MAC(server label, clientNonce, serverNonce))
 *   dialer   -> LinkProof(MAC(client label, clientNonce, serverNonce))
 *   listener <- LinkVerdict(admitted)
 * </pre>
 *
 * Both nonces are fresh per connection, so a recorded proof is worth nothing on another
 * connection, and the listener proves itself too, so a dialer never feeds an impostor. Until
 * admitted, a connection may send nothing but these two steps: {@link #admits} is what every
 * other request on such a port is checked against, and a refused connection is closed.
 *
 * <p>The processors run on bolt's I/O threads: each step is one HMAC and one attribute write on
 * the connection itself, so there is no shared state to hand off.
 */
public final class LinkGate implements LinkCheck {

  static final String ATTRIBUTE = "roster.link.listener";
  /**
   * Set to {@code Boolean.TRUE} on a connection once it is admitted; public for servers that see
   * bolt's connections through their own type (jraft's), where {@link #admits} cannot be called.
   */
  public static final String ADMITTED = "roster.link.admitted";
  static final String SERVER_LABEL = "roster link v1 listener";
  static final String CLIENT_LABEL = "roster link v1 dialer";
  static final int NONCE_BYTES = 16;
  private static final Logger LOG = LoggerFactory.getLogger(LinkGate.class);

  private final ClusterKey key;
  private final RefusalLog refusals;
  private final SecureRandom random = new SecureRandom();

  /** Per connection: the nonces of its handshake, and whether it completed. */
  private static final class Handshake {
    final byte[] clientNonce;
    final byte[] serverNonce;
    volatile boolean admitted;

    Handshake(byte[] clientNonce, byte[] serverNonce) {
      this.clientNonce = clientNonce;
      this.serverNonce = serverNonce;
    }
  }

  /** @param port names the port in refusal lines, e.g. {@code "meta bolt"} */
  public LinkGate(ClusterKey key, String port) {
    this.key = key;
    this.refusals = RefusalLog.perMinute(LOG, port + " link");
  }

  /** Adds the handshake's two steps to {@code server}; call before it starts. */
  public void install(RpcServer server) {
    server.registerUserProcessor(new Step<>(LinkHello.class, this::hello));
    server.registerUserProcessor(new Step<>(LinkProof.class, this::proof));
  }

  @Override
  public boolean admits(Connection connection) {
    return connection.getAttribute(ADMITTED) == Boolean.TRUE;
  }

  @Override
  public void refuse(Connection connection, String what) {
    refuse(source(connection), what, connection::close);
  }

  /** As {@link #refuse(Connection, String)}, for a connection seen through another type. */
  public void refuse(String source, String what, Runnable close) {
    refusals.refused(source, what + " before the cluster-link handshake");
    close.run();
  }

  /** Refusals counted so far, for a metric. */
  public long refusals() {
    return refusals.total();
  }

  private void hello(Connection connection, LinkHello hello, AsyncContext reply) {
    byte[] clientNonce = hello.clientNonce();
    if (clientNonce == null || clientNonce.length != NONCE_BYTES) {
      refuseStep(connection, reply, "a link hello without a proper nonce");
      return;
    }
    byte[] serverNonce = new byte[NONCE_BYTES];
    random.nextBytes(serverNonce);
    if (connection.setAttributeIfAbsent(ATTRIBUTE, new Handshake(clientNonce, serverNonce)) != null) {
      refuseStep(connection, reply, "a second link hello on one connection");
      return;
    }
    reply.sendResponse(new LinkChallenge(serverNonce, key.mac(SERVER_LABEL, clientNonce, serverNonce)));
  }

  private void proof(Connection connection, LinkProof proof, AsyncContext reply) {
    if (!(connection.getAttribute(ATTRIBUTE) instanceof Handshake h) || h.admitted) {
      refuseStep(connection, reply, "a link proof out of turn");
      return;
    }
    if (!key.verifies(proof.clientProof(), CLIENT_LABEL, h.clientNonce, h.serverNonce)) {
      refuseStep(connection, reply, "a link proof made without this cluster's secret");
      return;
    }
    h.admitted = true;
    connection.setAttribute(ADMITTED, Boolean.TRUE);
    reply.sendResponse(new LinkVerdict(true, null));
  }

  /** Answers why, then closes: the answer is written first, on this same I/O thread. */
  private void refuseStep(Connection connection, AsyncContext reply, String reason) {
    refusals.refused(source(connection), reason);
    reply.sendResponse(new LinkVerdict(false, "refused: " + reason));
    connection.close();
  }

  private static String source(Connection connection) {
    InetSocketAddress remote = connection.getRemoteAddress();
    return remote == null ? "unknown" : remote.getAddress().getHostAddress();
  }

  @FunctionalInterface
  private interface StepHandler<T> {
    void handle(Connection connection, T message, AsyncContext reply);
  }

  private static final class Step<T> extends AsyncUserProcessor<T> {
    private final Class<T> type;
    private final StepHandler<T> handler;

    Step(Class<T> type, StepHandler<T> handler) {
      this.type = type;
      this.handler = handler;
    }

    @Override
    public void handleRequest(BizContext context, AsyncContext reply, T message) {
      if (!type.isInstance(message)) {
        // a payload the allowlist refused arrives as another type; nothing to answer it with
        context.getConnection().close();
        return;
      }
      handler.handle(context.getConnection(), message, reply);
    }

    @Override
    public String interest() {
      return type.getName();
    }

    @Override
    public boolean processInIOThread() {
      return true;
    }
  }
}
