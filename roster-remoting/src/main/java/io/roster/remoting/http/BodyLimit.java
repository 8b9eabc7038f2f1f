package io.roster.remoting.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Gathers a request's body up to {@link #MAX_BODY_BYTES}; a larger one (by its Content-Length, or
 * once its chunks pass the limit) gets a plain-text 413 and the connection is closed, since the
 * rest of the body would have to be read and thrown away.
 */
final class BodyLimit extends HttpObjectAggregator {

  static final int MAX_BODY_BYTES = 1 << 20;

  BodyLimit() {
    super(MAX_BODY_BYTES);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    ctx.writeAndFlush(HttpDispatcher.plain(413,
        "request body larger than " + MAX_BODY_BYTES + " bytes\n", true))
        .addListener(ChannelFutureListener.CLOSE);
  }
}
