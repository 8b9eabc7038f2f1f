package io.roster.remoting.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Function;

/**
 * Stands in a dialed channel's pipeline until the channel connects, then puts the SslHandler for
 * that peer in its own place (or leaves the pipeline plain), so the handshake can check the
 * peer's certificate against the host actually dialed.
 */
final class DialTls extends ChannelOutboundHandlerAdapter {

  static final String NAME = "memberTls";

  private final Function<InetSocketAddress, MemberTls> byPeer;

  DialTls(Function<InetSocketAddress, MemberTls> byPeer) {
    this.byPeer = byPeer;
  }

  @Override
  public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local,
      ChannelPromise promise) {
    MemberTls tls = remote instanceof InetSocketAddress peer ? byPeer.apply(peer) : null;
    if (tls == null) {
      ctx.pipeline().remove(this);
    } else {
      InetSocketAddress peer = (InetSocketAddress) remote;
      ctx.pipeline().replace(this, NAME, tls.newClientHandler(peer.getHostString(), peer.getPort()));
    }
    ctx.connect(remote, local, promise);
  }
}
