package io.roster.remoting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for nodes that must name each other before they start (a raft group's
 * peers, a cluster's meta addresses): tests, local clusters and benchmarks.
 *
 * <p>They are released before use, so in between something else could take them. The likeliest
 * taker is this JVM itself: every other port of the test is bound to port 0, and the OS hands
 * those out from its ephemeral range, where a just-released port may come round again. So on
 * Linux the ports are picked at random below the ephemeral range (checked free by binding them),
 * where no port-0 bind can land; elsewhere the OS picks them.
 */
public final class FreePorts {

  private static final int LOWEST = 10_000;

  private FreePorts() {}

  /** {@code count} distinct ports that were free a moment ago. */
  public static List<Integer> reserve(int count) {
    int below = ephemeralRangeStart();
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int attempt = 0; sockets.size() < count && attempt < 1000; attempt++) {
        int port = below > LOWEST + 1000 ? ThreadLocalRandom.current().nextInt(LOWEST, below) : 0;
        try {
          sockets.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
        } catch (IOException taken) {
          // someone listens there: try another
        }
      }
      if (sockets.size() < count) {
        throw new UncheckedIOException(new IOException("no " + count + " free ports found"));
      }
      List<Integer> ports = new ArrayList<>();
      sockets.forEach(s -> ports.add(s.getLocalPort()));
      return ports;
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

  /** The first port of the OS's ephemeral range, or 0 when it cannot be read. */
  private static int ephemeralRangeStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException unknown) {
      return 0;
    }
  }
}
