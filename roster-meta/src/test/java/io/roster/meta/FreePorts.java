package io.roster.meta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports for a multi-node raft group, whose members must name each other before they start. The
 * OS picks them (port 0) and they are released just before use: not fixed, and a clash with
 * another process in that instant is the only (unlikely) way this can fail.
 */
final class FreePorts {

  private FreePorts() {}

  static List<Integer> reserve(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      List<Integer> ports = new ArrayList<>();
      sockets.forEach(s -> ports.add(s.getLocalPort()));
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }
}
