package io.roster.remoting.http;

/** Serves one path. May throw {@link HttpQuery.BadRequest} for a 400. */
@FunctionalInterface
public interface HttpRoute {
  HttpAnswer answer(HttpQuery query);
}
