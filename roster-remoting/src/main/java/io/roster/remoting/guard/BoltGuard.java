package io.roster.remoting.guard;

import com.alipay.remoting.ExtendedNettyChannelHandler;
import com.alipay.remoting.config.BoltServerOption;
import com.alipay.remoting.rpc.RpcConfigManager;
import com.alipay.remoting.rpc.RpcServer;
import io.netty.channel.ChannelHandler;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.roster.remoting.refusal.RefusalLog;
import io.roster.remoting.tls.MemberTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards one bolt {@link RpcServer} port: a {@link FrameGuard} in front of bolt's decoder on
 * every accepted connection enforces {@link GuardLimits} (frame size, connections in all and per
 * IP). Bolt 1.6.12's own decoder adds the declared lengths in an {@code int} and allocates what
 * they claim, and buffers a claimed body without bound; the guard closes such a connection at
 * its header instead.
 *
 * <p>Installed through bolt's supported hook, the server option {@code
 * EXTENDED_NETTY_CHANNEL_HANDLER}, whose front handlers bolt adds first in every child pipeline.
 * {@link #install} must run before the server starts; {@link #verifyServing} (after start) opens
 * one connection and fails unless the guard saw a channel, so a bolt upgrade that stops honouring
 * the hook stops the node at start instead of leaving it unguarded.
 *
 * <p>One instance per server port. Counters are thread-safe (updated on I/O threads).
 */
public final class BoltGuard {

  private static final Logger LOG = LoggerFactory.getLogger(BoltGuard.class);
  private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]", "*", "");
  private static final long VERIFY_TIMEOUT_MILLIS = 5_000;

  private final GuardLimits limits;
  private final String what;
  private final ConnectionLimiter limiter;
  private final RefusalLog frameLog;
  private final RefusalLog connectionLog;
  private final LongAdder refusedFrames = new LongAdder();
  private final LongAdder refusedConnections = new LongAdder();
  private final CompletableFuture<Void> firstChannel = new CompletableFuture<>();

  BoltGuard(GuardLimits limits, String what) {
    this.limits = limits;
    this.what = what;
    this.limiter = new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerIp());
    this.frameLog = RefusalLog.perMinute(LOG, what + " bolt frame");
    this.connectionLog = RefusalLog.perMinute(LOG, what + " bolt connection");
  }

  /**
   * Puts a guard in front of bolt's decoder on every connection {@code server} accepts.
   *
   * @param what names the port in log lines, e.g. {@code "session"} or {@code "meta raft"}
   * @throws IllegalStateException if the server started already, has bolt's own TLS on (bolt puts
   *     it after the extended handlers, so the guard would read ciphertext), or has another
   *     extended handler (bolt takes only one)
   */
  public static BoltGuard install(RpcServer server, GuardLimits limits, String what) {
    return install(server, limits, what, null);
  }

  /**
   * As {@link #install(RpcServer, GuardLimits, String)}, with mutual TLS in front when {@code tls}
   * is not null: each connection's pipeline starts with the SslHandler and then the guard, so the
   * guard reads the plaintext frames.
   */
  public static BoltGuard install(RpcServer server, GuardLimits limits, String what, MemberTls tls) {
    if (server.isStarted()) {
      throw new IllegalStateException("the bolt guard of " + what + " must be installed before start");
    }
    if (Boolean.TRUE.equals(server.option(BoltServerOption.SRV_SSL_ENABLE))
        || RpcConfigManager.server_ssl_enable()) {
      throw new IllegalStateException("the bolt guard of " + what + " reads plain bolt; bolt's own"
          + " TLS is on (use MemberTls, which goes in front of the guard)");
    }
    if (server.option(BoltServerOption.EXTENDED_NETTY_CHANNEL_HANDLER) != null) {
      throw new IllegalStateException(what + " bolt server has an extended channel handler already");
    }
    BoltGuard guard = new BoltGuard(limits, what);
    ExtendedNettyChannelHandler hook = new ExtendedNettyChannelHandler() {
      @Override
      public List<ChannelHandler> frontChannelHandlers() {
        // Asked once per accepted connection; bolt adds these first, in this order.
        return tls == null ? List.of(guard.newHandler())
            : List.of(tls.newServerHandler(), guard.newHandler());
      }

      @Override
      public List<ChannelHandler> backChannelHandlers() {
        return List.of();
      }
    };
    server.option(BoltServerOption.EXTENDED_NETTY_CHANNEL_HANDLER, hook);
    if (server.option(BoltServerOption.EXTENDED_NETTY_CHANNEL_HANDLER) != hook) {
      throw new IllegalStateException("bolt did not keep the guard of " + what + " as its option");
    }
    return guard;
  }

  /**
   * Fails unless the guard has seen a connection of the started server listening on {@code
   * host:port}: opens one itself (to loopback when {@code host} is a wildcard) if none came yet.
   */
  public void verifyServing(String host, int port) {
    if (firstChannel.isDone()) {
      return;
    }
    String target = WILDCARDS.contains(host) ? "127.0.0.1" : host;
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress(target, port), (int) VERIFY_TIMEOUT_MILLIS);
      firstChannel.get(VERIFY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the bolt frame guard of " + what + " port " + port
          + " saw no connection: bolt no longer honours EXTENDED_NETTY_CHANNEL_HANDLER", e);
    } catch (IOException | ExecutionException e) {
      throw new IllegalStateException("cannot verify the bolt guard of " + what + " port " + port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted verifying the bolt guard of " + what, e);
    }
  }

  /** Exports the counts of this port, labelled {@code port=what}, into a role's registry. */
  public void register(PrometheusRegistry registry) {
    register(registry, List.of(this));
  }

  /**
   * Exports the counts of several ports of one role (meta's bolt and raft ports), one label value
   * each: a registry takes each metric name once.
   */
  public static void register(PrometheusRegistry registry, List<BoltGuard> guards) {
    CounterWithCallback.builder().name("roster_bolt_refused_frames_total")
        .help("bolt connections closed for a frame header: a negative, overflowing or too large"
            + " declared length, or no bolt frame at all").labelNames("port")
        .callback(cb -> guards.forEach(g -> cb.call(g.refusedFrames(), g.what)))
        .register(registry);
    CounterWithCallback.builder().name("roster_bolt_refused_connections_total")
        .help("bolt connections closed at accept: over the port's or one IP's connection limit")
        .labelNames("port")
        .callback(cb -> guards.forEach(g -> cb.call(g.refusedConnections(), g.what)))
        .register(registry);
    GaugeWithCallback.builder().name("roster_bolt_connections")
        .help("bolt connections open on the port").labelNames("port")
        .callback(cb -> guards.forEach(g -> cb.call(g.openConnections(), g.what)))
        .register(registry);
  }

  ChannelHandler newHandler() {
    return new FrameGuard(this, limits.maxFrameBytes());
  }

  ConnectionLimiter limiter() {
    return limiter;
  }

  void channelSeen() {
    firstChannel.complete(null);
  }

  void frameRefused(String source, String reason) {
    refusedFrames.increment();
    frameLog.refused(source, reason + "; connection closed");
  }

  void connectionRefused(String source, String reason) {
    refusedConnections.increment();
    connectionLog.refused(source, reason + "; connection closed");
  }

  public GuardLimits limits() {
    return limits;
  }

  /** Connections closed for a frame header, since start. */
  public long refusedFrames() {
    return refusedFrames.sum();
  }

  /** Connections closed at accept for a connection limit, since start. */
  public long refusedConnections() {
    return refusedConnections.sum();
  }

  /** Connections open on the port now. */
  public int openConnections() {
    return limiter.open();
  }
}
