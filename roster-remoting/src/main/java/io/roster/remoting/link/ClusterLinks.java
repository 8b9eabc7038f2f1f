package io.roster.remoting.link;

import java.util.Objects;

/**
 * How a node reaches and admits the other members of its cluster: the secret every member proves
 * it holds, and the address its members-only ports (meta bolt and raft, data bolt) listen on,
 * which may differ from where clients connect, so that opening the client ports to the world does
 * not open these.
 */
public record ClusterLinks(ClusterKey key, String bindHost) {

  public ClusterLinks {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(bindHost, "bindHost");
  }

  /** Members-only ports on loopback: for one host, tests and in-process clusters. */
  public static ClusterLinks loopback(ClusterKey key) {
    return new ClusterLinks(key, "127.0.0.1");
  }
}
