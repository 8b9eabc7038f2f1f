package io.roster.remoting.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as routes see it: method, path, decoded query parameters, request headers
 * (names in lower case, the first value of each) and body. {@link HttpHost} hands routes only
 * GETs: a HEAD arrives as a GET (the host drops the body of the answer), other methods are
 * answered 405 before any route runs.
 */
public record HttpQuery(String method, String path, Map<String, String> params,
    Map<String, String> headers, String body) {

  public HttpQuery {
    headers = Map.copyOf(headers);
  }

  public HttpQuery(String method, String path, Map<String, String> params, String body) {
    this(method, path, params, Map.of(), body);
  }

  /** The request header's first value, or null; {@code name} in any case. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  public String param(String name) {
    return params.get(name);
  }

  /** The parameter, or the fallback when it is absent or blank. */
  public String param(String name, String fallback) {
    String value = params.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(decode(key), decode(value));
    }
    return params;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("malformed percent-encoding in query: " + s);
    }
  }

  /** Thrown by a route for a request it cannot serve; answered with 400 and the message. */
  public static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadRequest(String message) {
      super(message);
    }
  }
}
