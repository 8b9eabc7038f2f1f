package io.roster.remoting.tls;

import com.alipay.remoting.ExtendedNettyChannelHandler;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * Mutual TLS for the links between members (meta bolt, data bolt, raft): each end presents its
 * certificate and checks the other's chain against the truststore's CA; the dialing end also
 * checks that the listener's certificate names the host it dialed (its SAN), as HTTPS does. It
 * comes in front of the cluster-secret handshake, which still runs inside it.
 *
 * <p>Bolt's own TLS options are not used: bolt 1.6.12 adds its SslHandler after the extended
 * handlers, so Roster's frame guard would read ciphertext, and it trusts whatever certificates
 * the node's own keystore holds rather than a separate CA. Instead the handlers made here go in
 * through the same {@code EXTENDED_NETTY_CHANNEL_HANDLER} hook, the SslHandler first.
 */
public final class MemberTls {

  /** A handshake not done by then closes the connection (Netty's SslHandler enforces it). */
  static final long HANDSHAKE_TIMEOUT_MILLIS = 5_000;
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private final SslContext server;
  private final SslContext client;

  private MemberTls(SslContext server, SslContext client) {
    this.server = server;
    this.client = client;
  }

  public static MemberTls of(TlsMaterial material) {
    try {
      SslContext server = SslContextBuilder.forServer(material.keys())
          .trustManager(material.trust()).clientAuth(ClientAuth.REQUIRE)
          .sslProvider(SslProvider.JDK).protocols(PROTOCOLS).build();
      SslContext client = SslContextBuilder.forClient().keyManager(material.keys())
          .trustManager(material.trust()).endpointIdentificationAlgorithm("HTTPS")
          .sslProvider(SslProvider.JDK).protocols(PROTOCOLS).build();
      return new MemberTls(server, client);
    } catch (SSLException e) {
      throw new IllegalStateException("cannot make the members' TLS contexts", e);
    }
  }

  /** The SslHandler of one accepted connection; goes first in its pipeline. */
  public ChannelHandler newServerHandler() {
    SslHandler handler = server.newHandler(ByteBufAllocator.DEFAULT);
    handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
    return handler;
  }

  /** The SslHandler of a connection dialed to {@code host:port}, which its peer's SAN must name. */
  ChannelHandler newClientHandler(String host, int port) {
    SslHandler handler = client.newHandler(ByteBufAllocator.DEFAULT, host, port);
    handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
    return handler;
  }

  /**
   * The hook for a bolt client: every connection it dials gets the TLS of {@code byPeer(address)},
   * or stays plain when that is null. The choice is made when the connection is dialed, since
   * bolt asks for the handlers before it knows where the channel goes (and jraft's one client
   * dials peers of several groups in tests).
   */
  public static ExtendedNettyChannelHandler dialing(Function<InetSocketAddress, MemberTls> byPeer) {
    return new ExtendedNettyChannelHandler() {
      @Override
      public List<ChannelHandler> frontChannelHandlers() {
        return List.of(new DialTls(byPeer));
      }

      @Override
      public List<ChannelHandler> backChannelHandlers() {
        return List.of();
      }
    };
  }

  /** The hook for a bolt client whose every connection uses this TLS. */
  public ExtendedNettyChannelHandler dialing() {
    return dialing(peer -> this);
  }
}
