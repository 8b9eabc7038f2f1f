package io.roster.remoting.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for tests that must send what no HTTP client library would: bad
 * methods, malformed escapes, a request one byte at a time, or nothing at all.
 */
final class RawHttp {

  private RawHttp() {}

  /** Sends {@code request} verbatim on a new connection and reads one answer. */
  static Answer exchange(int port, String request, Duration timeout) {
    try (Socket socket = open(port, "127.0.0.1", timeout)) {
      try {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
      } catch (IOException cut) {
        // The server answered and stopped reading before the request was all sent (a 413):
        // its answer is still there to read.
      }
      return read(socket.getInputStream(), request.startsWith("HEAD "));
    } catch (IOException e) {
      throw new UncheckedIOException(request.lines().findFirst().orElse("") + " on " + port, e);
    }
  }

  static Answer get(int port, String target, Duration timeout) {
    return exchange(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        timeout);
  }

  /** A connection from {@code localHost} (any 127/8 address works on Linux loopback). */
  static Socket open(int port, String localHost, Duration timeout) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(localHost), 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
    socket.setSoTimeout((int) timeout.toMillis());
    return socket;
  }

  /**
   * Whether the server closed {@code socket} within its read timeout: the bytes it sent before
   * closing (e.g. a 408) are skipped. False when the read timed out with the connection open.
   */
  static boolean closedByServer(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      while (in.read() >= 0) {
        // skip an answer sent before the close
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  static Answer read(InputStream in, boolean head) throws IOException {
    String statusLine = readLine(in);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP status line: " + statusLine);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    byte[] body;
    if (head) {
      body = new byte[0];
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      body = in.readAllBytes();
    }
    return new Answer(Integer.parseInt(parts[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    if (b < 0 && line.size() == 0) {
      throw new IOException("connection closed before a complete answer");
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /** Status, lower-cased headers and body text. */
  record Answer(int status, Map<String, String> headers, String body) {}
}
