package io.roster.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Plain sockets that misbehave on a bolt port, for the hardening tests: frame headers with any
 * declared lengths, and a check whether the server closed a connection. Each method says what it
 * sends; nothing here answers the server's heartbeats.
 */
public final class AttackSockets {

  private AttackSockets() {}

  /**
   * Connects to 127.0.0.1:port from {@code localIp}, another loopback address (Linux routes all
   * of 127.0.0.0/8 to lo), so a test can be a second client IP on one machine.
   */
  public static Socket connectFrom(String localIp, int port) {
    try {
      Socket socket = new Socket();
      socket.bind(new InetSocketAddress(localIp, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 3_000);
      socket.setTcpNoDelay(true);
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port + " from " + localIp, e);
    }
  }

  public static Socket connect(int port) {
    try {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 3_000);
      socket.setTcpNoDelay(true);
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
    }
  }

  /**
   * A protocol 1 request header (22 bytes) declaring these lengths. Bolt 1.6.12 adds them in an
   * int, so class 9 and content 2,147,483,639 pass its length check as a negative sum.
   */
  public static byte[] v1RequestHeader(int classLen, int contentLen) {
    return ByteBuffer.allocate(22).put((byte) 1).put((byte) 1).putShort((short) 1).put((byte) 1)
        .putInt(1).put((byte) 1).putInt(3_000).putShort((short) classLen).putShort((short) 0)
        .putInt(contentLen).array();
  }

  /** The 40-byte frame of ATTACKS.md "Broke 3": the overflowing header, then 18 bytes. */
  public static byte[] overflowFrame() {
    byte[] frame = new byte[40];
    System.arraycopy(v1RequestHeader(9, 2_147_483_639), 0, frame, 0, 22);
    return frame;
  }

  /** Writes without failing the caller; false once the server closed or reset the connection. */
  public static boolean write(Socket socket, byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether the server has closed the connection: a read sees end of stream or a reset. Waits at
   * most a millisecond, so it can be polled over hundreds of sockets.
   */
  public static boolean closedByServer(Socket socket) {
    try {
      socket.setSoTimeout(1);
      InputStream in = socket.getInputStream();
      while (true) {
        int read = in.read();
        if (read < 0) {
          return true;
        }
        // a heartbeat the server sent: keep reading until nothing is left
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  /** What a server did with one {@link #shoot} case. */
  public enum Outcome { ANSWERED_THEN_CLOSED, ANSWERED, CLOSED, RESET, SILENT, REFUSED }

  /** One {@link #shoot}: what happened, and the first bytes of any answer (at most 64). */
  public record Shot(Outcome outcome, byte[] head) {

    /** The answer's first line, e.g. an HTTP status line; empty without an answer. */
    public String firstLine() {
      String text = new String(head, StandardCharsets.ISO_8859_1);
      int end = text.indexOf('\r');
      return end < 0 ? text : text.substring(0, end);
    }
  }

  /**
   * Opens a connection, writes {@code bytes} (as far as the server lets it), reads what comes
   * back for up to {@code readMillis}, then resets the connection (linger 0, so thousands of
   * cases leave no TIME_WAIT behind).
   */
  public static Shot shoot(int port, byte[] bytes, int readMillis) {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 3_000);
      socket.setSoLinger(true, 0);
      socket.setSoTimeout(readMillis);
    } catch (IOException e) {
      closeQuietly(socket);
      return new Shot(Outcome.REFUSED, new byte[0]);
    }
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      byte[] buffer = new byte[4096];
      int read;
      while ((read = socket.getInputStream().read(buffer)) >= 0) {
        head.write(buffer, 0, Math.min(read, 64 - Math.min(64, head.size())));
      }
      return shot(head, Outcome.ANSWERED_THEN_CLOSED, Outcome.CLOSED);
    } catch (SocketTimeoutException e) {
      return shot(head, Outcome.ANSWERED, Outcome.SILENT);
    } catch (IOException e) {
      return shot(head, Outcome.ANSWERED_THEN_CLOSED, Outcome.RESET);
    } finally {
      closeQuietly(socket);
    }
  }

  private static Shot shot(ByteArrayOutputStream head, Outcome answered, Outcome not) {
    return new Shot(head.size() > 0 ? answered : not, head.toByteArray());
  }

  public static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // the server closed it first
    }
  }

  /** Resident memory of a process in MB, from /proc/PID/status (Linux). */
  public static long rssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
      throw new IllegalStateException("no VmRSS for " + pid);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
