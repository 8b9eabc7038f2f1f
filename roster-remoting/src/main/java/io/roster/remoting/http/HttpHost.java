package io.roster.remoting.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small admin HTTP endpoint on the JDK's built-in server: exact-path routes, plain-text
 * answers. Admin traffic is light, so two threads serve it.
 */
public final class HttpHost implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpHost.class);
  private static final int MAX_BODY_BYTES = 1 << 20;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, HttpRoute> routes = new ConcurrentHashMap<>();

  public HttpHost(String host, int port, String name) {
    this(host, port, name, HttpLimits.defaults());
  }

  public HttpHost(String host, int port, String name, HttpLimits limits) {
    try {
      this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind HTTP " + host + ":" + port, e);
    }
    this.executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, name + "-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
  }

  public HttpHost route(String path, HttpRoute route) {
    routes.put(path, route);
    return this;
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Connections closed at accept for a connection limit, since start. */
  public long refusedConnections() {
    return 0;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      HttpAnswer answer = answer(exchange);
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      answer.headers().forEach(exchange.getResponseHeaders()::set);
      exchange.getResponseHeaders().set("Content-Type", answer.contentType());
      exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private HttpAnswer answer(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    HttpRoute route = routes.get(path);
    if (route == null) {
      return new HttpAnswer(404, "text/plain; charset=utf-8", "no such path: " + path + "\n");
    }
    try {
      String body = readBody(exchange.getRequestBody());
      HttpQuery query = new HttpQuery(exchange.getRequestMethod(), path,
          HttpQuery.parseQuery(exchange.getRequestURI().getRawQuery()), headers(exchange), body);
      return route.answer(query);
    } catch (HttpQuery.BadRequest e) {
      return HttpAnswer.badRequest(e.getMessage());
    } catch (RuntimeException | IOException e) {
      LOG.warn("HTTP {} failed", path, e);
      return new HttpAnswer(500, "text/plain; charset=utf-8", "internal error: " + e + "\n");
    }
  }

  private static Map<String, String> headers(HttpExchange exchange) {
    Map<String, String> headers = new HashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!values.isEmpty()) {
        headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
      }
    });
    return headers;
  }

  private static String readBody(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new HttpQuery.BadRequest("request body larger than " + MAX_BODY_BYTES + " bytes");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
