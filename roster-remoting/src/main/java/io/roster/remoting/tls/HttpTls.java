package io.roster.remoting.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS for an admin HTTP port: the server presents the node's certificate and asks none of the
 * client (operators and the official client are not members). The client half, trusting the
 * truststore's CA, is for Roster's own HTTPS calls to another node (meta's leader proxy).
 */
public final class HttpTls {

  private final SslContext server;
  private final SSLSocketFactory client;

  private HttpTls(SslContext server, SSLSocketFactory client) {
    this.server = server;
    this.client = client;
  }

  public static HttpTls of(TlsMaterial material) {
    try {
      SslContext server = SslContextBuilder.forServer(material.keys()).clientAuth(ClientAuth.NONE)
          .sslProvider(SslProvider.JDK).protocols(MemberTls.PROTOCOLS).build();
      return new HttpTls(server, material.jdkContext().getSocketFactory());
    } catch (SSLException e) {
      throw new IllegalStateException("cannot make the HTTP TLS context", e);
    }
  }

  /**
   * The first handler of an accepted HTTP connection. A handshake not done within {@code
   * handshakeTimeout} closes the connection, so a client that stalls before any HTTP byte
   * holds the port no longer than one that stalls inside a request.
   */
  public SslHandler newServerHandler(Duration handshakeTimeout) {
    SslHandler handler = server.newHandler(ByteBufAllocator.DEFAULT);
    handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
    return handler;
  }

  /** Sockets for {@code HttpsURLConnection}s to other nodes' admin ports. */
  public SSLSocketFactory clientSockets() {
    return client;
  }
}
