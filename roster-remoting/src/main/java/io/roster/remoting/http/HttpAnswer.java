package io.roster.remoting.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What a route answers; {@code headers} are extra response headers (Content-Type is separate). */
public record HttpAnswer(int status, String contentType, String body, Map<String, String> headers) {

  public HttpAnswer {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }

  public HttpAnswer(int status, String contentType, String body) {
    this(status, contentType, body, Map.of());
  }

  public static HttpAnswer text(String body) {
    return new HttpAnswer(200, "text/plain; charset=utf-8", body);
  }

  public static HttpAnswer json(String body) {
    return new HttpAnswer(200, "application/json; charset=utf-8", body);
  }

  public static HttpAnswer badRequest(String message) {
    return new HttpAnswer(400, "text/plain; charset=utf-8", message + "\n");
  }

  public static HttpAnswer unavailable(String message) {
    return new HttpAnswer(503, "text/plain; charset=utf-8", message + "\n");
  }

  /** This answer with one more response header (replacing one of the same name). */
  public HttpAnswer withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new HttpAnswer(status, contentType, body, more);
  }
}
