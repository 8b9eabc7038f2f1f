package io.roster.remoting;

import com.alipay.remoting.Connection;
import com.alipay.remoting.ConnectionEventProcessor;
import com.alipay.remoting.ConnectionEventType;
import com.alipay.remoting.InvokeCallback;
import com.alipay.remoting.InvokeCallbackListener;
import com.alipay.remoting.InvokeFuture;
import com.alipay.remoting.RemotingCommand;
import com.alipay.remoting.ResponseStatus;
import com.alipay.remoting.TimerHolder;
import com.alipay.remoting.rpc.DefaultInvokeFuture;
import com.alipay.remoting.rpc.HeartbeatCommand;
import com.alipay.remoting.rpc.ResponseCommand;
import com.alipay.remoting.rpc.RpcCommandFactory;
import com.alipay.remoting.exception.RemotingException;
import io.roster.remoting.hessian.RefusedPayload;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/** A {@link Peer} over one bolt {@link Connection}; one instance per connection. */
final class BoltPeer implements Peer {

  static final String ATTRIBUTE = "roster.peer";
  private static final RpcCommandFactory COMMANDS = new RpcCommandFactory();
  private static final Executor DIRECT = Runnable::run;

  private final Connection connection;
  private final Invoker invoker;
  private final String id;
  private final String remoteAddress;
  private final String remoteIp;
  private volatile long lastHeardNanos = System.nanoTime();

  private BoltPeer(Connection connection, Invoker invoker) {
    this.connection = connection;
    this.invoker = invoker;
    InetSocketAddress remote = connection.getRemoteAddress();
    InetSocketAddress local = connection.getLocalAddress();
    this.remoteIp = remote == null ? "unknown" : remote.getAddress().getHostAddress();
    this.remoteAddress = remote == null ? "unknown" : remoteIp + ":" + remote.getPort();
    this.id = remoteAddress + "@" + (local == null ? 0 : local.getPort());
  }

  /** The peer for a connection, created on first use and kept on the connection itself. */
  static BoltPeer of(Connection connection, Invoker invoker) {
    Object existing = connection.getAttribute(ATTRIBUTE);
    if (existing instanceof BoltPeer peer) {
      return peer;
    }
    BoltPeer created = new BoltPeer(connection, invoker);
    Object raced = connection.setAttributeIfAbsent(ATTRIBUTE, created);
    return raced instanceof BoltPeer peer ? peer : created;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public String remoteIp() {
    return remoteIp;
  }

  @Override
  public boolean isOpen() {
    return connection.isFine();
  }

  @Override
  public long lastHeardNanos() {
    return lastHeardNanos;
  }

  /** Something arrived from the peer. */
  void heard() {
    lastHeardNanos = System.nanoTime();
  }

  @Override
  public CompletableFuture<Object> invoke(Object request, int timeoutMillis) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    try {
      invoker.invoke(connection, request, new InvokeCallback() {
        @Override
        public void onResponse(Object response) {
          heard();
          if (response instanceof RefusedPayload refused) {
            // The answer did not decode (AllowlistSerializer turns that into a value): a failed
            // call, as bolt itself would have reported it, not an answer of a strange type.
            result.completeExceptionally(new IllegalStateException("answer from " + remoteAddress
                + " not decoded: " + refused.reason()));
            return;
          }
          result.complete(response);
        }

        @Override
        public void onException(Throwable e) {
          result.completeExceptionally(e);
        }

        /**
         * Run right where bolt completes the call (an I/O or timer thread): it only decodes and
         * completes a future, whose owner hands the result to its own thread. Null would send
         * every callback through bolt's shared pool, which rejects work under load.
         */
        @Override
        public Executor getExecutor() {
          return DIRECT;
        }
      }, timeoutMillis);
    } catch (RemotingException | RuntimeException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  @Override
  public CompletableFuture<Boolean> ping(int timeoutMillis) {
    CompletableFuture<Boolean> acked = new CompletableFuture<>();
    if (!connection.isFine()) {
      acked.complete(false);
      return acked;
    }
    HeartbeatCommand heartbeat = new HeartbeatCommand();
    int id = heartbeat.getId();
    connection.addInvokeFuture(new DefaultInvokeFuture(id, new InvokeCallbackListener() {
      @Override
      public void onResponse(InvokeFuture future) {
        try {
          RemotingCommand response = future.waitResponse(0);
          boolean ok = response instanceof ResponseCommand r
              && r.getResponseStatus() == ResponseStatus.SUCCESS;
          if (ok) {
            heard();
          }
          acked.complete(ok);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          acked.complete(false);
        }
      }

      @Override
      public String getRemoteAddress() {
        return remoteAddress;
      }
    }, null, heartbeat.getProtocolCode().getFirstByte(), COMMANDS));
    connection.getChannel().writeAndFlush(heartbeat).addListener(sent -> {
      if (!sent.isSuccess() && connection.removeInvokeFuture(id) != null) {
        acked.complete(false);
      }
    });
    TimerHolder.getTimer().newTimeout(timeout -> {
      if (connection.removeInvokeFuture(id) != null) {
        acked.complete(false);
      }
    }, timeoutMillis, TimeUnit.MILLISECONDS);
    return acked;
  }

  @Override
  public boolean oneway(Object message) {
    if (!connection.isFine()) {
      return false;
    }
    try {
      invoker.oneway(connection, message);
      return true;
    } catch (RemotingException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    connection.close();
  }

  @Override
  public String toString() {
    return "Peer{" + id + "}";
  }

  /** The bolt endpoint (server or client) that can send on a connection. */
  interface Invoker {
    void invoke(Connection c, Object request, InvokeCallback callback, int timeoutMillis)
        throws RemotingException;

    void oneway(Connection c, Object message) throws RemotingException;

    /** RpcServer and RpcClient offer the same two calls without a common type. */
    static Invoker of(CallbackCall call, OnewayCall oneway) {
      return new Invoker() {
        @Override
        public void invoke(Connection c, Object request, InvokeCallback callback, int timeoutMillis)
            throws RemotingException {
          call.invoke(c, request, callback, timeoutMillis);
        }

        @Override
        public void oneway(Connection c, Object message) throws RemotingException {
          oneway.send(c, message);
        }
      };
    }
  }

  @FunctionalInterface
  interface CallbackCall {
    void invoke(Connection c, Object request, InvokeCallback callback, int timeoutMillis)
        throws RemotingException;
  }

  @FunctionalInterface
  interface OnewayCall {
    void send(Connection c, Object message) throws RemotingException;
  }

  /** Tells the listeners about every connection the endpoint opens or closes. */
  static void forwardEvents(BiConsumer<ConnectionEventType, ConnectionEventProcessor> register,
      Invoker invoker, List<ConnectionListener> listeners) {
    register.accept(ConnectionEventType.CONNECT, (remote, connection) -> {
      Peer peer = of(connection, invoker);
      listeners.forEach(l -> l.opened(peer));
    });
    register.accept(ConnectionEventType.CLOSE, (remote, connection) -> {
      Peer peer = of(connection, invoker);
      listeners.forEach(l -> l.closed(peer));
    });
  }
}
