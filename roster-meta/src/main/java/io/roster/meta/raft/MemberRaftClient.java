package io.roster.meta.raft;

import com.alipay.remoting.Connection;
import com.alipay.remoting.config.BoltClientOption;
import com.alipay.sofa.jraft.ReplicatorGroup;
import com.alipay.sofa.jraft.error.RemotingException;
import com.alipay.sofa.jraft.option.RpcOptions;
import com.alipay.sofa.jraft.rpc.InvokeCallback;
import com.alipay.sofa.jraft.rpc.InvokeContext;
import com.alipay.sofa.jraft.rpc.RpcClient;
import com.alipay.sofa.jraft.rpc.impl.BoltRpcClient;
import com.alipay.sofa.jraft.util.Endpoint;
import io.roster.remoting.link.ClusterKey;
import io.roster.remoting.link.LinkDialer;
import io.roster.remoting.refusal.RefusalLog;
import io.roster.remoting.tls.MemberTls;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A jraft RPC client that authenticates each connection before jraft uses it: the first request
 * (or connection check) to a peer runs the cluster-link handshake over the same bolt connection
 * jraft's own requests then take, with the secret {@link RaftPeerKeys} names for that peer. A
 * peer no local group names, or one that fails the handshake, gets no request at all. Where that
 * group has members' TLS, the connection is mutual TLS first ({@link MemberTls#dialing}).
 *
 * <p>The handshake blocks for two round trips, once per connection, on whichever jraft thread
 * first wants it; jraft's own connect check blocks on a ping the same way.
 */
final class MemberRaftClient implements RpcClient {

  private static final Logger LOG = LoggerFactory.getLogger(MemberRaftClient.class);
  private static final int HANDSHAKE_TIMEOUT_MILLIS = 2000;

  private final BoltRpcClient delegate;
  private final Map<ClusterKey, LinkDialer> dialers = new ConcurrentHashMap<>();
  /** A peer whose link fails (another secret, say) is named here, once per minute per reason. */
  private final RefusalLog refusals = RefusalLog.perMinute(LOG, "raft link to a peer");

  MemberRaftClient(BoltRpcClient delegate) {
    this.delegate = delegate;
    // Before init (which starts bolt's client): each connection it dials gets the TLS its peer's
    // group registered, so a raft link is mutual TLS, and the handshake runs inside it.
    delegate.getRpcClient().option(BoltClientOption.EXTENDED_NETTY_CHANNEL_HANDLER,
        MemberTls.dialing(peer -> RaftPeerKeys.tlsOf(peer.getHostString() + ":" + peer.getPort())));
  }

  @Override
  public boolean init(RpcOptions options) {
    return delegate.init(options);
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public boolean checkConnection(Endpoint endpoint) {
    return delegate.checkConnection(endpoint) && authenticates(endpoint);
  }

  @Override
  public boolean checkConnection(Endpoint endpoint, boolean createIfAbsent) {
    return delegate.checkConnection(endpoint, createIfAbsent) && authenticates(endpoint);
  }

  @Override
  public void closeConnection(Endpoint endpoint) {
    delegate.closeConnection(endpoint);
  }

  @Override
  public void registerConnectEventListener(ReplicatorGroup replicatorGroup) {
    delegate.registerConnectEventListener(replicatorGroup);
  }

  @Override
  public Object invokeSync(Endpoint endpoint, Object request, InvokeContext context, long timeoutMillis)
      throws InterruptedException, RemotingException {
    authenticate(endpoint);
    return delegate.invokeSync(endpoint, request, context, timeoutMillis);
  }

  @Override
  public void invokeAsync(Endpoint endpoint, Object request, InvokeContext context,
      InvokeCallback callback, long timeoutMillis) throws InterruptedException, RemotingException {
    authenticate(endpoint);
    delegate.invokeAsync(endpoint, request, context, callback, timeoutMillis);
  }

  private boolean authenticates(Endpoint endpoint) {
    try {
      authenticate(endpoint);
      return true;
    } catch (RemotingException e) {
      refusals.refused(endpoint.toString(), e.getMessage());
      return false;
    }
  }

  private void authenticate(Endpoint endpoint) throws RemotingException {
    String address = endpoint.toString();
    ClusterKey key = RaftPeerKeys.of(address);
    if (key == null) {
      throw new RemotingException("no cluster secret is known for raft peer " + address);
    }
    com.alipay.remoting.rpc.RpcClient bolt = delegate.getRpcClient();
    try {
      Connection connection = bolt.getConnection(address, HANDSHAKE_TIMEOUT_MILLIS);
      if (!dialer(key).admits(connection)) { // checked first: this runs before every raft request
        dialer(key).authenticate(bolt, connection);
      }
    } catch (com.alipay.remoting.exception.RemotingException e) {
      throw new RemotingException("cluster-link handshake with raft peer " + address + " failed: "
          + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemotingException("interrupted while linking to raft peer " + address);
    }
  }

  private LinkDialer dialer(ClusterKey key) {
    return dialers.computeIfAbsent(key, k -> new LinkDialer(k, "meta raft", HANDSHAKE_TIMEOUT_MILLIS));
  }
}
