package io.roster.remoting.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.util.concurrent.TimeUnit;

/**
 * Gathers a request's body up to {@link #MAX_BODY_BYTES}; a larger one (by its Content-Length, or
 * once its chunks pass the limit) gets a plain-text 413 and the connection is closed, since the
 * rest of the body would have to be read and thrown away.
 *
 * <p>The close lingers: the 413 is followed by a half-close, and what the client still sends is
 * discarded (the aggregator drops an oversized body) for up to {@link #LINGER_MILLIS} before the
 * connection closes. Closing at once, with the client's body unread, makes the kernel answer with
 * a reset, and a client that is still writing then loses the 413 it was sent.
 */
final class BodyLimit extends HttpObjectAggregator {

  static final int MAX_BODY_BYTES = 1 << 20;
  static final long LINGER_MILLIS = 1_000;

  BodyLimit() {
    super(MAX_BODY_BYTES);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    ctx.writeAndFlush(HttpDispatcher.plain(413,
        "request body larger than " + MAX_BODY_BYTES + " bytes\n", true))
        .addListener(written -> {
          if (written.isSuccess() && ctx.channel() instanceof DuplexChannel duplex) {
            duplex.shutdownOutput();
            ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
          } else {
            ctx.close();
          }
        });
  }
}
