package io.roster.remoting.http;

/** What a route answers. */
public record HttpAnswer(int status, String contentType, String body) {

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
}
