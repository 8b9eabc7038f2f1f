package io.roster.remoting.link;

import com.alipay.remoting.Connection;

/** What a members-only endpoint asks of each request's connection before it serves it. */
public interface LinkCheck {

  /** Whether the connection completed the cluster-link handshake. */
  boolean admits(Connection connection);

  /** Logs (rate-limited) and closes a connection that sent {@code what} without being admitted. */
  void refuse(Connection connection, String what);
}
