package io.roster.remoting.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.roster.remoting.refusal.RefusalLog;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of one HTTP connection; the first handler of its pipeline (behind the SslHandler
 * on an HTTPS port, which bounds the handshake itself), so it sees the raw bytes before the HTTP
 * decoder does (which shows nothing of a request until its headers are
 * whole, and a slow client never gets that far).
 *
 * <p>A connection is in one phase at a time. {@code IDLE} (no request under way) ends after the
 * idle timeout with a close. The first byte starts {@code READING}: the whole request must arrive
 * within the request timeout, else the client gets a 408 and the connection is closed. While a
 * route {@code HANDLING}s it there is no deadline here (routes bound their own waits), and reads
 * are paused by {@link HttpDispatcher}. {@code WRITING} the answer must finish within the request
 * timeout too, so a client that does not read cannot hold the connection either. Bytes that came
 * in behind the request (a pipelined one) count from when they arrived.
 *
 * <p>Runs only on the connection's event loop, like every other handler of its pipeline, so its
 * fields need no synchronization.
 */
final class RequestClock extends ChannelDuplexHandler {

  private enum Phase { IDLE, READING, HANDLING, WRITING }

  private final long requestNanos;
  private final long idleNanos;
  private final RefusalLog refusals;
  private final String ip;
  private ChannelHandlerContext ctx;
  private Phase phase = Phase.IDLE;
  private ScheduledFuture<?> timer;
  /** When bytes first arrived while a request was handled or answered; -1 when none did. */
  private long earlyBytesAt = -1;

  RequestClock(HttpLimits limits, RefusalLog refusals, String ip) {
    this.requestNanos = limits.requestTimeout().toNanos();
    this.idleNanos = limits.idleTimeout().toNanos();
    this.refusals = refusals;
    this.ip = ip;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
    arm(idleNanos);
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    if (phase == Phase.IDLE) {
      phase = Phase.READING;
      arm(requestNanos);
    } else if (phase != Phase.READING && earlyBytesAt < 0) {
      earlyBytesAt = System.nanoTime();
    }
    context.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    cancel();
    context.fireChannelInactive();
  }

  /** The whole request arrived and is handed to a route. */
  void requestArrived() {
    phase = Phase.HANDLING;
    cancel();
  }

  /** The answer is being written. */
  void answering() {
    phase = Phase.WRITING;
    arm(requestNanos);
  }

  /** The answer is written and the connection stays open for the next request. */
  void answered() {
    if (earlyBytesAt >= 0) {
      phase = Phase.READING;
      arm(Math.max(0, requestNanos - (System.nanoTime() - earlyBytesAt)));
      earlyBytesAt = -1;
    } else {
      phase = Phase.IDLE;
      arm(idleNanos);
    }
  }

  private void arm(long nanos) {
    cancel();
    timer = ctx.executor().schedule(this::expired, nanos, TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expired() {
    timer = null;
    if (phase == Phase.READING) {
      refusals.refused(ip, "HTTP request not complete within "
          + Duration.ofNanos(requestNanos).toMillis() + " ms");
      phase = Phase.WRITING;
      arm(requestNanos); // the 408 too must go out in time, else the close below never comes
      ctx.channel().writeAndFlush(HttpDispatcher.plain(408, "request not complete in time\n", true))
          .addListener(ChannelFutureListener.CLOSE);
    } else if (phase != Phase.HANDLING) {
      ctx.close();
    }
  }
}
