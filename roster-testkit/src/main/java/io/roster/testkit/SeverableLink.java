package io.roster.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback that can be cut and restored: how a {@link LocalCluster} makes one node
 * lose its link to another (a network blip, or a long GC as that peer sees it) while every other
 * connection of that node stays up. {@link #cut()} closes every relayed connection and, until
 * {@link #restore()}, closes each new one as soon as it is accepted, so the node's requests fail
 * at once and nothing it sends meanwhile arrives. Blocking sockets and two daemon threads per
 * relayed connection: meant for heartbeat traffic in tests, not for load.
 */
final class SeverableLink implements AutoCloseable {

  private static final int CONNECT_TIMEOUT_MILLIS = 1000;

  private final InetSocketAddress target;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean closed;

  SeverableLink(String host, int targetPort) {
    this.target = new InetSocketAddress(host, targetPort);
    try {
      this.server = new ServerSocket();
      server.bind(new InetSocketAddress(host, 0));
    } catch (IOException e) {
      throw new IllegalStateException("cannot open a relay to " + target + ": " + e, e);
    }
    Thread acceptor = new Thread(this::acceptLoop, "testkit-link-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** {@code host:port} to dial instead of the target. */
  String address() {
    return target.getHostString() + ":" + server.getLocalPort();
  }

  /** Closes every relayed connection and refuses to relay until {@link #restore()}. */
  void cut() {
    cut = true;
    closeOpen();
  }

  void restore() {
    cut = false;
  }

  @Override
  public void close() {
    closed = true;
    cut = true;
    closeQuietly(server);
    closeOpen();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket in;
      try {
        in = server.accept();
      } catch (IOException e) {
        continue; // closed (the loop ends) or a failed accept (try the next)
      }
      if (cut) {
        closeQuietly(in);
        continue;
      }
      Socket out = new Socket();
      try {
        out.connect(target, CONNECT_TIMEOUT_MILLIS);
      } catch (IOException e) {
        closeQuietly(in);
        closeQuietly(out);
        continue;
      }
      open.add(in);
      open.add(out);
      if (cut) { // cut while this one was being connected
        closeOpen();
        continue;
      }
      pump(in, out);
      pump(out, in);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread pump = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try {
        InputStream input = from.getInputStream();
        OutputStream output = to.getOutputStream();
        for (int n; (n = input.read(buffer)) >= 0; ) {
          output.write(buffer, 0, n);
          output.flush();
        }
      } catch (IOException e) {
        // cut, or one side closed: both sides close below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "testkit-link-pump-" + from.getLocalPort());
    pump.setDaemon(true);
    pump.start();
  }

  private void closeOpen() {
    for (Socket socket : open) {
      closeQuietly(socket);
      open.remove(socket);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing what may already be closed
    }
  }
}
