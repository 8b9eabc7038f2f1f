package io.roster.meta.raft;

import io.roster.remoting.link.ClusterKey;
import io.roster.remoting.tls.MemberTls;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which cluster secret, and which TLS, open the link to each raft peer, for {@link
 * MemberRaftRpcFactory}.
 *
 * <p>The one piece of JVM-wide state in Roster, and why: jraft builds its RPC clients through a
 * factory it loads itself ({@code ServiceLoader}) and constructs without arguments, so the secret
 * cannot be handed to it; each {@link RaftGroup} registers its peers here before it starts. Keyed
 * by peer address, so meta nodes of different clusters in one test JVM each find their own.
 * Entries are never removed: a JVM hosts a few raft groups, and a restarted node registers the
 * same entries again.
 */
final class RaftPeerKeys {

  /** How to reach one peer: its cluster's secret, and its members' TLS (null: plain bolt). */
  private record PeerLink(ClusterKey key, MemberTls tls) {}

  private static final Map<String, PeerLink> BY_PEER = new ConcurrentHashMap<>();

  private RaftPeerKeys() {}

  static void register(String peerAddress, ClusterKey key, MemberTls tls) {
    BY_PEER.put(peerAddress, new PeerLink(key, tls));
  }

  /** The secret for {@code host:port}, or null when no group of this JVM names that peer. */
  static ClusterKey of(String peerAddress) {
    PeerLink link = BY_PEER.get(peerAddress);
    return link == null ? null : link.key();
  }

  /** The TLS for {@code host:port}, or null for plain bolt (or a peer no group names). */
  static MemberTls tlsOf(String peerAddress) {
    PeerLink link = BY_PEER.get(peerAddress);
    return link == null ? null : link.tls();
  }
}
