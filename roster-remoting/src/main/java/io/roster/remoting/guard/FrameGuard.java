package io.roster.remoting.guard;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The first handler of one accepted bolt connection, in front of bolt's decoder. At accept it
 * takes a place under the port's connection limits or closes the connection. Then it follows the
 * byte stream frame by frame: it reads each frame header itself (into a 24-byte scratch array),
 * adds the declared lengths as longs, and closes the connection when they are negative or the
 * frame would exceed the maximum, before bolt allocates anything. Bodies are skipped, not read.
 * Every buffer that passes is the one that arrived, unchanged and uncopied; a buffer containing
 * a refused header is released instead, and nothing more is read from that connection.
 *
 * <p>One instance per channel, used only on that channel's event loop.
 */
final class FrameGuard extends ChannelInboundHandlerAdapter {

  private final BoltGuard guard;
  private final long maxFrameBytes;
  private final byte[] header = new byte[BoltFrames.MAX_HEADER];
  /** Header bytes of the current frame collected so far. */
  private int have;
  /** The current frame's header length once known, else {@link BoltFrames#NEED_MORE}. */
  private int headerLength;
  /** Bytes of the current frame after its header not seen yet. */
  private long bodyLeft;
  private boolean refused;
  private String source = "unknown";

  FrameGuard(BoltGuard guard, long maxFrameBytes) {
    this.guard = guard;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Runs inside bolt's channel initializer, before bolt creates its connection object. */
  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    guard.channelSeen();
    if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress remote)
        || remote.getAddress() == null) {
      return; // not a TCP peer (a test's embedded channel): no limits to keep
    }
    InetAddress ip = remote.getAddress();
    source = ip.getHostAddress();
    String problem = guard.limiter().tryAcquire(ip);
    if (problem != null) {
      refused = true;
      guard.connectionRefused(source, problem);
      ctx.close();
      return;
    }
    ctx.channel().closeFuture().addListener(f -> guard.limiter().release(ip));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (refused) {
      buf.release();
      return;
    }
    String problem = scan(buf);
    if (problem != null) {
      buf.release();
      refused = true;
      guard.frameRefused(source, problem);
      ctx.close();
      return;
    }
    ctx.fireChannelRead(buf);
  }

  /** Follows the frames in {@code buf} without moving its indexes; null if all is well. */
  private String scan(ByteBuf buf) {
    int i = buf.readerIndex();
    int end = buf.writerIndex();
    while (i < end) {
      if (bodyLeft > 0) {
        int skip = (int) Math.min(bodyLeft, end - i);
        i += skip;
        bodyLeft -= skip;
        continue;
      }
      header[have++] = buf.getByte(i++);
      if (headerLength == BoltFrames.NEED_MORE) {
        headerLength = BoltFrames.headerLength(header, have);
        if (headerLength < 0) {
          // Fixed texts only: the log keeps one line per source and reason, so a reason quoting
          // the attacker's bytes (the first byte, a declared size) would make a line per frame.
          return "not a bolt frame (unknown protocol code)";
        }
      }
      if (headerLength != BoltFrames.NEED_MORE && have == headerLength) {
        String problem = headerComplete();
        if (problem != null) {
          return problem;
        }
      }
    }
    return null;
  }

  private String headerComplete() {
    long body = BoltFrames.bodyLength(header, headerLength);
    if (body < 0) {
      return "negative length in frame header";
    }
    if (headerLength + body > maxFrameBytes) {
      return "frame over the limit of " + maxFrameBytes + " bytes";
    }
    bodyLeft = body;
    have = 0;
    headerLength = BoltFrames.NEED_MORE;
    return null;
  }
}
