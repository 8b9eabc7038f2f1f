package io.roster.server.launch;

import io.roster.server.config.RoleName;
import java.util.Map;

/**
 * One running role as the all-in-one launcher sees it: start, readiness, bound ports, close. The
 * production roles wrap MetaServer, DataServer and SessionServer ({@link ServerRoles}); tests pass
 * fakes to check ordering and failure handling without binding anything.
 */
public interface Role extends AutoCloseable {

  String BOLT = "bolt";
  String RAFT = "raft";
  String HTTP = "http";

  RoleName name();

  /** Binds and starts; returns once listening. Throws if the role cannot start. */
  void start();

  boolean isReady();

  /** Bound ports by purpose ({@link #BOLT}, {@link #RAFT}, {@link #HTTP}), in display order. */
  Map<String, Integer> ports();

  /** Stops the role; must tolerate a role that never started or failed to. */
  @Override
  void close();
}
