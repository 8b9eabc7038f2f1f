package io.roster.remoting.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * ATTACKS.md "Broke 5": {@code n} connections to an HTTP port on 127.0.0.1 that each send a
 * request header one byte per {@code pace}, never finishing it. One thread writes for all of them;
 * a connection the server closed is left alone (its write fails). Sleeping between bytes is the
 * attacker's pace, not a wait on the server.
 */
public final class Slowloris implements AutoCloseable {

  private static final byte[] PREFIX =
      "GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1);

  private final List<Socket> sockets = new ArrayList<>();
  private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "slowloris");
    t.setDaemon(true);
    return t;
  });
  private int sent;

  public Slowloris(int port, int n, Duration pace) throws IOException {
    for (int i = 0; i < n; i++) {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(5_000);
      sockets.add(socket);
    }
    writer.scheduleAtFixedRate(this::oneByteEach, 0, pace.toMillis(), TimeUnit.MILLISECONDS);
  }

  public List<Socket> sockets() {
    return sockets;
  }

  private void oneByteEach() {
    int b = sent < PREFIX.length ? PREFIX[sent] : 'a';
    sent++;
    for (Socket socket : sockets) {
      try {
        OutputStream out = socket.getOutputStream();
        out.write(b);
        out.flush();
      } catch (IOException e) {
        // closed by the server: that is what the defence does
      }
    }
  }

  @Override
  public void close() throws IOException {
    writer.shutdownNow();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
