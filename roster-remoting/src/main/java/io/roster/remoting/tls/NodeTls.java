package io.roster.remoting.tls;

/**
 * Which of a node's ports speak TLS, and with what. Each part is null where that traffic stays
 * plain. The session's client bolt port is never here: the official 6.3.0 client dials it with a
 * plain bolt {@code RpcClient} (see docs/SECURITY.md).
 *
 * @param members mutual TLS on the members-only links (meta bolt, data bolt, raft) and on the
 *     clients that dial them
 * @param adminHttp TLS on the meta and data HTTP ports
 * @param sessionHttp TLS on the session's HTTP port, which the official client reads its server
 *     list from over plain {@code http://}
 */
public record NodeTls(MemberTls members, HttpTls adminHttp, HttpTls sessionHttp) {

  /** Everything plain. */
  public static final NodeTls PLAIN = new NodeTls(null, null, null);

  /** Any TLS at all. */
  public boolean any() {
    return members != null || adminHttp != null || sessionHttp != null;
  }
}
