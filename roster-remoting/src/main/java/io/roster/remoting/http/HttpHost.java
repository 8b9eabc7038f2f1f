package io.roster.remoting.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.roster.remoting.NamedThreads;
import io.roster.remoting.refusal.RefusalLog;
import io.roster.remoting.tls.HttpTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small admin HTTP endpoint: exact-path routes, plain-text answers, on a non-blocking Netty
 * server that slow or hostile clients cannot starve (ATTACKS.md "Broke 5").
 *
 * <p>One I/O thread ({@code <name>-http-io}) accepts, reads and writes every connection, and never
 * waits: bytes are decoded as they come, so a client that sends its request a byte at a time holds
 * only its own connection, and {@link RequestClock} closes it once the request timeout passes.
 * Routes may block (meta's leader proxy asks the leader over HTTP; digests ask owner threads), so
 * they run on a bounded pool ({@code <name>-http}); when its queue is full the answer is a 503 at
 * once. Connections are capped per port and per client address ({@link ConnectionLimits}); one over
 * a cap is closed at accept. Request headers are at most {@value #MAX_HEADER_BYTES} bytes (431), the
 * request line {@value #MAX_LINE_BYTES} (414) and the body {@value BodyLimit#MAX_BODY_BYTES} (413).
 * Only GET and HEAD are served (405 with {@code Allow} otherwise); see {@link HttpDispatcher}.
 *
 * <p>With {@link HttpTls} the port speaks HTTPS only: an SslHandler is first in every pipeline,
 * its handshake bounded by the request timeout, and every limit above applies behind it.
 *
 * <p>The port is bound when the host is made, so {@link #port} is known before {@link #start};
 * connections are accepted only from {@link #start} on.
 */
public final class HttpHost implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpHost.class);
  static final int MAX_LINE_BYTES = 4096;
  static final int MAX_HEADER_BYTES = 8192;
  private static final int MAX_CHUNK_BYTES = 8192;

  private final HttpLimits limits;
  private final EventLoopGroup io;
  private final ThreadPoolExecutor handlers;
  private final Channel server;
  private final RefusalLog refusals;
  private final ConnectionLimits connections;
  private final Map<String, HttpRoute> routes = new ConcurrentHashMap<>();
  /** TLS on this port, or null for plain HTTP. */
  private final HttpTls tls;

  public HttpHost(String host, int port, String name) {
    this(host, port, name, HttpLimits.defaults());
  }

  public HttpHost(String host, int port, String name, HttpLimits limits) {
    this(host, port, name, limits, null);
  }

  /** A port that speaks HTTPS with {@code tls}, or plain HTTP when it is null. */
  public HttpHost(String host, int port, String name, HttpLimits limits, HttpTls tls) {
    this.limits = limits;
    this.tls = tls;
    this.refusals = RefusalLog.perMinute(LOG, name + " HTTP connection");
    this.connections = new ConnectionLimits(limits.maxConnections(), limits.maxConnectionsPerIp(),
        refusals);
    this.handlers = new ThreadPoolExecutor(limits.handlerThreads(), limits.handlerThreads(), 0,
        TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(limits.handlerQueue()),
        NamedThreads.factory(name + "-http"), new ThreadPoolExecutor.AbortPolicy());
    this.io = new NioEventLoopGroup(1, NamedThreads.factory(name + "-http-io"));
    try {
      this.server = new ServerBootstrap().group(io).channel(NioServerSocketChannel.class)
          .option(ChannelOption.AUTO_READ, false) // no accepts before start()
          .option(ChannelOption.SO_BACKLOG, 128)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
              accept(channel);
            }
          })
          .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
    } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
      close();
      throw new UncheckedIOException("cannot bind HTTP " + host + ":" + port,
          e instanceof IOException bindFailure ? bindFailure : new IOException(e));
    }
  }

  public HttpHost route(String path, HttpRoute route) {
    routes.put(path, route);
    return this;
  }

  public void start() {
    server.config().setAutoRead(true);
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Connections closed at accept because a connection limit was reached, since start. */
  public long refusedConnections() {
    return connections.refused();
  }

  /** Connections open now (for tests). */
  int openConnections() {
    return connections.open();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    handlers.shutdownNow();
  }

  /** On the I/O thread, for each accepted connection: admit it, or close it at once. */
  private void accept(SocketChannel channel) {
    String ip = channel.remoteAddress().getAddress().getHostAddress();
    if (!connections.admit(ip)) {
      channel.close();
      return;
    }
    channel.closeFuture().addListener(closed -> connections.release(ip));
    RequestClock clock = new RequestClock(limits, refusals, ip);
    if (tls != null) {
      // First, so everything behind it sees plaintext; a handshake must finish within the request
      // timeout. A client speaking plain HTTP here fails the handshake and is closed unanswered.
      channel.pipeline().addLast("tls", tls.newServerHandler(limits.requestTimeout()));
    }
    channel.pipeline()
        .addLast("clock", clock)
        .addLast("codec", new HttpServerCodec(MAX_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES))
        .addLast("body", new BodyLimit())
        .addLast("one-at-a-time", new FlowControlHandler())
        .addLast("dispatch", new HttpDispatcher(routes, handlers, clock));
  }
}
