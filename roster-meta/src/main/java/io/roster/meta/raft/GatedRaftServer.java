package io.roster.meta.raft;

import com.alipay.sofa.jraft.rpc.Connection;
import com.alipay.sofa.jraft.rpc.RpcContext;
import com.alipay.sofa.jraft.rpc.RpcProcessor;
import com.alipay.sofa.jraft.rpc.RpcServer;
import com.alipay.sofa.jraft.rpc.impl.BoltRpcServer;
import com.alipay.sofa.jraft.rpc.impl.ConnectionClosedEventListener;
import io.roster.remoting.guard.BoltGuard;
import io.roster.remoting.guard.GuardLimits;
import io.roster.remoting.link.LinkGate;
import io.roster.remoting.tls.MemberTls;
import java.util.concurrent.Executor;

/**
 * jraft's RPC server behind Roster's bolt frame guard, with the cluster-link check in front of
 * every processor jraft registers:
 * votes, appends, snapshots and the CLI operations (add, remove, reset peers) alike. The
 * handshake's own steps are plain bolt processors on the same bolt server ({@link
 * LinkGate#install}); a raft request on a connection that did not complete it is refused, logged
 * and its connection closed, and never reaches jraft.
 *
 * <p>jraft's {@code BoltRpcServer} keeps bolt's connection attributes visible through its own
 * {@link Connection}, which is how the gate's mark on a bolt connection is read here.
 */
final class GatedRaftServer implements RpcServer {

  private final BoltRpcServer delegate;
  private final LinkGate gate;
  private final BoltGuard guard;

  /**
   * Puts the frame guard and the link handshake on {@code bolt}, which must not have started,
   * and mutual TLS in front of both when {@code tls} is not null.
   */
  GatedRaftServer(com.alipay.remoting.rpc.RpcServer bolt, LinkGate gate, GuardLimits limits,
      MemberTls tls) {
    this.guard = BoltGuard.install(bolt, limits, "meta raft", tls);
    gate.install(bolt);
    this.delegate = new BoltRpcServer(bolt);
    this.gate = gate;
  }

  /** The frame guard of the raft port; {@link BoltGuard#verifyServing} once it listens. */
  BoltGuard guard() {
    return guard;
  }

  @Override
  public void registerProcessor(RpcProcessor<?> processor) {
    delegate.registerProcessor(gated(processor));
  }

  private <T> RpcProcessor<T> gated(RpcProcessor<T> processor) {
    return new RpcProcessor<>() {
      @Override
      public void handleRequest(RpcContext context, T request) {
        if (admits(context.getConnection())) {
          processor.handleRequest(context, request);
        } else {
          gate.refuse(sourceIp(context.getRemoteAddress()),
              request == null ? "a raft request" : request.getClass().getSimpleName(),
              () -> close(context.getConnection()));
        }
      }

      @Override
      public String interest() {
        return processor.interest();
      }

      @Override
      public Executor executor() {
        return processor.executor();
      }

      @Override
      public ExecutorSelector executorSelector() {
        return processor.executorSelector();
      }
    };
  }

  private boolean admits(Connection connection) {
    return connection != null && connection.getAttribute(LinkGate.ADMITTED) == Boolean.TRUE;
  }

  private static void close(Connection connection) {
    if (connection != null) {
      connection.close();
    }
  }

  /** The IP of a {@code host:port} (or {@code /host:port}) address, as refusal lines name sources. */
  private static String sourceIp(String remoteAddress) {
    if (remoteAddress == null) {
      return "unknown";
    }
    String address = remoteAddress.startsWith("/") ? remoteAddress.substring(1) : remoteAddress;
    int colon = address.lastIndexOf(':');
    return colon > 0 ? address.substring(0, colon) : address;
  }

  @Override
  public void registerConnectionClosedEventListener(ConnectionClosedEventListener listener) {
    delegate.registerConnectionClosedEventListener(listener);
  }

  @Override
  public int boundPort() {
    return delegate.boundPort();
  }

  @Override
  public boolean isStarted() {
    return delegate.isStarted();
  }

  @Override
  public boolean init(Void options) {
    return delegate.init(options);
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }
}
