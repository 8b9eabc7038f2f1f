package io.roster.remoting;

/** Told when a bolt connection opens or closes. Called on an I/O thread: hand off, never block. */
public interface ConnectionListener {

  default void opened(Peer peer) {}

  void closed(Peer peer);
}
