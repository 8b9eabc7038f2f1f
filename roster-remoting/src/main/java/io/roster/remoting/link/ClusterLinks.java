package io.roster.remoting.link;

import io.roster.remoting.tls.NodeTls;
import java.util.Objects;

/**
 * How a node reaches and admits the other members of its cluster: the secret every member proves
 * it holds, the address its members-only ports (meta bolt and raft, data bolt) listen on, which
 * may differ from where clients connect, so that opening the client ports to the world does not
 * open these, and which of its ports speak TLS ({@link NodeTls}; the members' links are
 * authenticated by the secret whether or not they are encrypted too).
 */
public record ClusterLinks(ClusterKey key, String bindHost, NodeTls tls) {

  public ClusterLinks {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(tls, "tls");
  }

  /** Links without TLS. */
  public ClusterLinks(ClusterKey key, String bindHost) {
    this(key, bindHost, NodeTls.PLAIN);
  }

  /** Members-only ports on loopback: for one host, tests and in-process clusters. */
  public static ClusterLinks loopback(ClusterKey key) {
    return new ClusterLinks(key, "127.0.0.1");
  }

  /** The same links with {@code tls}. */
  public ClusterLinks withTls(NodeTls tls) {
    return new ClusterLinks(key, bindHost, tls);
  }
}
