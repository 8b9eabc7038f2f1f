package io.roster.meta.raft;

import io.roster.remoting.link.ClusterKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which cluster secret opens the link to each raft peer, for {@link MemberRaftRpcFactory}.
 *
 * <p>The one piece of JVM-wide state in Roster, and why: jraft builds its RPC clients through a
 * factory it loads itself ({@code ServiceLoader}) and constructs without arguments, so the secret
 * cannot be handed to it; each {@link RaftGroup} registers its peers here before it starts. Keyed
 * by peer address, so meta nodes of different clusters in one test JVM each find their own.
 * Entries are never removed: a JVM hosts a few raft groups, and a restarted node registers the
 * same entries again.
 */
final class RaftPeerKeys {

  private static final Map<String, ClusterKey> BY_PEER = new ConcurrentHashMap<>();

  private RaftPeerKeys() {}

  static void register(String peerAddress, ClusterKey key) {
    BY_PEER.put(peerAddress, key);
  }

  /** The secret for {@code host:port}, or null when no group of this JVM names that peer. */
  static ClusterKey of(String peerAddress) {
    return BY_PEER.get(peerAddress);
  }
}
