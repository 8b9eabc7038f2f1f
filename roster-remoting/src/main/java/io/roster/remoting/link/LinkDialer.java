package io.roster.remoting.link;

import com.alipay.remoting.Connection;
import com.alipay.remoting.exception.RemotingException;
import com.alipay.remoting.rpc.RpcClient;
import io.roster.protocol.link.LinkChallenge;
import io.roster.protocol.link.LinkHello;
import io.roster.protocol.link.LinkProof;
import io.roster.protocol.link.LinkVerdict;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.roster.remoting.refusal.RefusalLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialing half of the cluster-link handshake ({@link LinkGate} has the protocol): run once per
 * connection, before its first request. Threads that want the same new connection at once share
 * one handshake, which is kept on the connection; a failed handshake closes the connection so
 * that the next attempt dials a fresh one.
 *
 * <p>It blocks for up to two round trips, so it runs where dialing may block anyway (a connect),
 * never on an I/O or owner thread.
 */
public final class LinkDialer implements LinkCheck {

  static final String ATTRIBUTE = "roster.link.dialer";
  private static final Logger LOG = LoggerFactory.getLogger(LinkDialer.class);

  private final ClusterKey key;
  private final String who;
  private final int timeoutMillis;
  private final SecureRandom random = new SecureRandom();
  private final RefusalLog refusals;

  /** @param who names this node in the listener's logs, e.g. {@code "data 10.0.0.5:9620"} */
  public LinkDialer(ClusterKey key, String who, int timeoutMillis) {
    this.key = key;
    this.who = who;
    this.timeoutMillis = timeoutMillis;
    this.refusals = RefusalLog.perMinute(LOG, "request from a listener");
  }

  /** Whether {@code connection} completed the handshake: requests from its far end may be served. */
  @Override
  public boolean admits(Connection connection) {
    return connection.getAttribute(ATTRIBUTE) instanceof CompletableFuture<?> done
        && done.isDone() && !done.isCompletedExceptionally();
  }

  @Override
  public void refuse(Connection connection, String what) {
    refusals.refused(peer(connection), what + " before the cluster-link handshake completed");
    connection.close();
  }

  /** Runs the handshake on {@code connection} unless it ran; throws if the listener refused it. */
  public void authenticate(RpcClient client, Connection connection) throws RemotingException {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    Object existing = connection.setAttributeIfAbsent(ATTRIBUTE, mine);
    CompletableFuture<?> done = existing instanceof CompletableFuture<?> other ? other : mine;
    if (done == mine) {
      try {
        handshake(client, connection);
        mine.complete(null);
      } catch (RemotingException | RuntimeException e) {
        mine.completeExceptionally(e);
        connection.close();
      }
    }
    await(done, connection);
  }

  private void handshake(RpcClient client, Connection connection) throws RemotingException {
    byte[] clientNonce = new byte[LinkGate.NONCE_BYTES];
    random.nextBytes(clientNonce);
    Object challenge = invoke(client, connection, new LinkHello(clientNonce, who));
    if (challenge instanceof LinkVerdict refused) {
      throw new RemotingException(peer(connection) + " refused the link: " + refused.reason());
    }
    if (!(challenge instanceof LinkChallenge c) || c.serverNonce() == null
        || c.serverNonce().length != LinkGate.NONCE_BYTES
        || !key.verifies(c.serverProof(), LinkGate.SERVER_LABEL, clientNonce, c.serverNonce())) {
      throw new RemotingException(peer(connection) + " does not hold this cluster's secret "
          + "(fingerprint " + key.fingerprint() + "): not talking to it");
    }
    byte[] proof = key.mac(LinkGate.CLIENT_LABEL, clientNonce, c.serverNonce());
    Object verdict = invoke(client, connection, new LinkProof(proof));
    if (!(verdict instanceof LinkVerdict v) || !v.admitted()) {
      throw new RemotingException(peer(connection) + " refused the link: "
          + (verdict instanceof LinkVerdict v ? v.reason() : verdict));
    }
  }

  private Object invoke(RpcClient client, Connection connection, Object step) throws RemotingException {
    try {
      return client.invokeSync(connection, step, timeoutMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemotingException("interrupted during the link handshake with " + peer(connection), e);
    }
  }

  private void await(CompletableFuture<?> done, Connection connection) throws RemotingException {
    try {
      done.get(2L * timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemotingException("interrupted during the link handshake with " + peer(connection), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RemotingException r ? r
          : new RemotingException("link handshake with " + peer(connection) + " failed", e.getCause());
    } catch (TimeoutException e) {
      throw new RemotingException("link handshake with " + peer(connection) + " timed out");
    }
  }

  private static String peer(Connection connection) {
    return String.valueOf(connection.getRemoteAddress());
  }
}
