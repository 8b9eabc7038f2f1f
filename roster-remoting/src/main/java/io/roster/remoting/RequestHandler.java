package io.roster.remoting;

/**
 * Handles one request type. Called on a bolt I/O thread after the payload was decoded: an
 * implementation must only hand the request off (to the thread that owns the state it touches)
 * and answer through {@link Reply}, from any thread, when it is done.
 */
@FunctionalInterface
public interface RequestHandler<T> {

  void handle(T request, Peer from, Reply reply);

  /** The way back to the caller. Answer exactly once. */
  @FunctionalInterface
  interface Reply {
    void send(Object response);
  }
}
