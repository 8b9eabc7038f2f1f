package io.roster.session.push;

import io.roster.remoting.Peer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The pushes waiting for one client connection. At most {@code window} pushes are in flight on a
 * connection; the rest wait in {@link #ready}, one entry per dataInfoId, so a newer datum simply
 * replaces an older one that has not gone out yet. The queue is bounded by the number of
 * dataInfoIds the connection subscribes to, and a slow client slows only its own pushes.
 * Owned by the push thread.
 */
final class Outbox {

  final Peer peer;
  final LinkedHashSet<Interest> ready = new LinkedHashSet<>();
  final Map<Interest, Integer> failures = new HashMap<>();
  int inFlight;
  int interests;

  Outbox(Peer peer) {
    this.peer = peer;
  }
}
