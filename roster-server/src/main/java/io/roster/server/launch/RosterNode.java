package io.roster.server.launch;

import io.roster.model.Ticker;
import io.roster.server.config.RoleName;
import io.roster.server.config.RosterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root of one Roster process: creates the configured roles and connects them.
 *
 * <p>Start order is meta, data, session. Meta must be ready (a raft leader is known) before data
 * and session start, and they are given meta's <em>actual</em> bolt address, so port 0 works and
 * their first heartbeat already finds a leader. The roles talk to each other only through their
 * RPC interfaces, exactly as they would in separate processes. {@link #start()} returns once every
 * role reports ready, or throws after {@code roster.start.timeout} with the roles still not ready.
 *
 * <p>{@link #close()} stops the roles in reverse order (session, data, meta) and may run on the
 * shutdown-hook thread while {@link #start()} is still waiting; then start stops waiting and
 * throws. A node is used once: after close it cannot start again.
 */
public final class RosterNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RosterNode.class);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final RosterConfig config;
  private final RoleFactory factory;
  private final Ticker ticker;
  private final Object lock = new Object();
  private final List<Role> roles = new ArrayList<>(); // guarded by lock, in start order
  private boolean closed; // guarded by lock

  public RosterNode(RosterConfig config, RoleFactory factory, Ticker ticker) {
    this.config = config;
    this.factory = factory;
    this.ticker = ticker;
  }

  /** Starts every configured role and waits until all are ready; on failure stops them again. */
  public void start() {
    long deadline = ticker.nanoTime() + config.startTimeout().toNanos();
    try {
      List<String> metaNodes = config.metaAddresses();
      if (config.runs(RoleName.META)) {
        Role meta = launch(RoleName.META, () -> factory.meta(config.meta()));
        awaitReady(List.of(meta), deadline);
        if (metaNodes.isEmpty()) {
          metaNodes = List.of(config.meta().advertiseHost() + ":" + meta.ports().get(Role.BOLT));
        }
      }
      if (config.runs(RoleName.DATA)) {
        List<String> metas = metaNodes;
        launch(RoleName.DATA, () -> factory.data(config.dataFor(metas)));
      }
      if (config.runs(RoleName.SESSION)) {
        List<String> metas = metaNodes;
        launch(RoleName.SESSION, () -> factory.session(config.sessionFor(metas)));
      }
      awaitReady(roles(), deadline);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The roles created so far, in start order. */
  public List<Role> roles() {
    synchronized (lock) {
      return List.copyOf(roles);
    }
  }

  /** Stops session, then data, then meta; logs each step. Safe to call more than once. */
  @Override
  public void close() {
    List<Role> toStop;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      toStop = new ArrayList<>(roles);
    }
    for (int i = toStop.size() - 1; i >= 0; i--) {
      Role role = toStop.get(i);
      LOG.info("stopping {}", role.name().id());
      try {
        role.close();
        LOG.info("{} stopped", role.name().id());
      } catch (RuntimeException e) {
        // Keep going: the remaining roles still hold ports and threads.
        LOG.warn("{} did not stop cleanly", role.name().id(), e);
      }
    }
  }

  private Role launch(RoleName roleName, Supplier<Role> create) {
    String name = roleName.id();
    LOG.info("starting {}", name);
    Role role;
    try {
      role = create.get();
    } catch (RuntimeException e) {
      throw new StartupException(name + " could not be created: " + e, e);
    }
    synchronized (lock) {
      if (closed) {
        throw new StartupException("stopped while starting");
      }
      // Registered before start, so that close() also stops a role that is half started.
      roles.add(role);
    }
    try {
      role.start();
    } catch (RuntimeException e) {
      throw new StartupException(name + " failed to start: " + e, e);
    }
    LOG.info("{} started: {}", name, role.ports());
    return role;
  }

  private void awaitReady(List<Role> waitFor, long deadline) {
    while (true) {
      List<String> notReady = new ArrayList<>();
      for (Role role : waitFor) {
        if (!role.isReady()) {
          notReady.add(role.name().id());
        }
      }
      if (notReady.isEmpty()) {
        return;
      }
      synchronized (lock) {
        if (closed) {
          throw new StartupException("stopped while starting");
        }
      }
      if (ticker.nanoTime() - deadline >= 0) {
        Duration timeout = config.startTimeout();
        throw new StartupException("not ready after " + timeout.toMillis() + " ms: "
            + String.join(", ", notReady) + " (see roster.start.timeout)");
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
