package io.roster.remoting.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.roster.remoting.NamedThreads;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an HTTP connection: it gets each request whole (headers and body), answers
 * what is wrong with it at once on the I/O thread (a malformed request 400, a method other than
 * GET or HEAD 405 with {@code Allow}, an unknown path 404) and hands the rest to a route on the
 * handler pool, whose answer comes back to the connection's event loop to be written. A full
 * handler queue is a 503 at once: the I/O thread never waits for a route.
 *
 * <p>One request per connection is served at a time: reads pause while a route runs and resume
 * once its answer is written, so pipelined requests are answered in order and a client cannot
 * queue work faster than it reads answers. A HEAD reaches the route as a GET and is answered with
 * the GET's headers (its {@code Content-Length} included) and no body. Every answer made here is
 * plain text.
 */
final class HttpDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(HttpDispatcher.class);
  private static final String TEXT = "text/plain; charset=utf-8";
  static final String ALLOW = "GET, HEAD";

  private final Map<String, HttpRoute> routes;
  private final Executor handlers;
  private final RequestClock clock;

  HttpDispatcher(Map<String, HttpRoute> routes, Executor handlers, RequestClock clock) {
    this.routes = routes;
    this.handlers = handlers;
    this.clock = clock;
  }

  /** What the I/O thread keeps of a request while its route runs (the request itself is freed). */
  private record Pending(boolean head, boolean keepAlive, HttpVersion version) {}

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    clock.requestArrived();
    ctx.channel().config().setAutoRead(false);
    DecoderResult decoded = request.decoderResult();
    if (!decoded.isSuccess()) {
      respond(ctx, new Pending(false, false, HttpVersion.HTTP_1_1), malformed(decoded.cause()));
      return;
    }
    Pending pending = new Pending(HttpMethod.HEAD.equals(request.method()),
        HttpUtil.isKeepAlive(request), request.protocolVersion());
    if (!HttpMethod.GET.equals(request.method()) && !pending.head()) {
      respond(ctx, pending, new HttpAnswer(405, TEXT, "method " + request.method().name()
          + " is not allowed; use GET or HEAD\n", Map.of("Allow", ALLOW)));
      return;
    }
    try {
      URI target = target(request.uri());
      HttpRoute route = routes.get(target.getPath());
      if (route == null) {
        respond(ctx, pending, new HttpAnswer(404, TEXT, "no such path: " + target.getPath() + "\n"));
        return;
      }
      dispatch(ctx, pending, route, new HttpQuery("GET", target.getPath(),
          HttpQuery.parseQuery(target.getRawQuery()), headers(request.headers()),
          request.content().toString(StandardCharsets.UTF_8)));
    } catch (HttpQuery.BadRequest e) {
      respond(ctx, pending, HttpAnswer.badRequest(e.getMessage()));
    }
  }

  private static URI target(String uri) {
    URI target;
    try {
      target = new URI(uri);
    } catch (URISyntaxException e) {
      throw new HttpQuery.BadRequest("malformed request target");
    }
    if (target.getPath() == null || !target.getPath().startsWith("/")) {
      throw new HttpQuery.BadRequest("the request target must be a path");
    }
    return target;
  }

  /** Runs the route on the handler pool and writes its answer back on this connection's loop. */
  private void dispatch(ChannelHandlerContext ctx, Pending pending, HttpRoute route, HttpQuery query) {
    try {
      handlers.execute(() -> {
        HttpAnswer answer = answer(route, query);
        // false only once the host is closing: then there is no connection left to answer on
        NamedThreads.handOff(ctx.executor(), () -> respond(ctx, pending, answer));
      });
    } catch (RejectedExecutionException busy) {
      respond(ctx, pending, HttpAnswer.unavailable("too many HTTP requests in progress; retry shortly"));
    }
  }

  private static HttpAnswer answer(HttpRoute route, HttpQuery query) {
    try {
      return route.answer(query);
    } catch (HttpQuery.BadRequest e) {
      return HttpAnswer.badRequest(e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("HTTP {} failed", query.path(), e);
      return new HttpAnswer(500, TEXT, "internal error: " + e + "\n");
    }
  }

  private static HttpAnswer malformed(Throwable cause) {
    if (cause instanceof TooLongHttpHeaderException) {
      return new HttpAnswer(431, TEXT, "request headers too large\n");
    }
    if (cause instanceof TooLongHttpLineException) {
      return new HttpAnswer(414, TEXT, "request line too long\n");
    }
    return HttpAnswer.badRequest("malformed HTTP request");
  }

  private void respond(ChannelHandlerContext ctx, Pending pending, HttpAnswer answer) {
    if (!ctx.channel().isActive()) {
      return;
    }
    FullHttpResponse response;
    try {
      response = response(pending, answer);
    } catch (IllegalArgumentException e) { // a header Netty refuses to write, e.g. with a CR
      LOG.warn("HTTP answer {} not writable: {}", answer.status(), e.toString());
      response = response(pending, new HttpAnswer(500, TEXT, "internal error: unwritable answer\n"));
    }
    boolean keepAlive = pending.keepAlive();
    clock.answering();
    ctx.writeAndFlush(response).addListener((ChannelFutureListener) written -> {
      if (!keepAlive || !written.isSuccess()) {
        written.channel().close();
        return;
      }
      clock.answered();
      written.channel().config().setAutoRead(true);
    });
  }

  private static FullHttpResponse response(Pending pending, HttpAnswer answer) {
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(answer.status()),
        pending.head() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    HttpHeaders headers = response.headers();
    answer.headers().forEach(headers::set);
    headers.set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    if (!pending.keepAlive()) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (pending.version().equals(HttpVersion.HTTP_1_0)) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    return response;
  }

  /** A plain-text answer made without a route (e.g. the 408 of {@link RequestClock}). */
  static FullHttpResponse plain(int status, String text, boolean close) {
    ByteBuf body = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(status), body);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    if (close) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return response;
  }

  private static Map<String, String> headers(HttpHeaders headers) {
    Map<String, String> first = new HashMap<>();
    for (Map.Entry<String, String> header : headers) {
      first.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue());
    }
    return first;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
