package io.roster.server.launch;

import io.roster.model.Ticker;
import io.roster.server.config.RoleName;
import io.roster.server.config.RosterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root of one Roster process: creates the configured roles and connects them.
 *
 * <p>Start order is meta, data, session. Data and session are given meta's <em>actual</em> bolt
 * address once meta has bound it, so port 0 works; they do not wait for meta to be ready, because
 * their heartbeats retry until a meta leader answers (see {@code MetaClient}), and a process whose
 * meta has no quorum yet must still answer {@code /health/check} (with 503) on every role.
 *
 * <p>{@link #start(Consumer)} returns once every role reports ready. A role that cannot reach a
 * meta quorum is not a failure: every {@code roster.start.timeout} without readiness it reports
 * the roles still not ready and goes on waiting, for as long as it takes. Only a role that fails
 * to be created or started (a port in use, a bad data directory) stops the process.
 *
 * <p>{@link #close()} stops the roles in reverse order (session, data, meta) and may run on the
 * shutdown-hook thread while {@link #start} is still waiting; then start stops waiting and
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

  /** {@link #start(Consumer)} that only logs the roles still not ready. */
  public void start() {
    start(message -> { });
  }

  /**
   * Starts every configured role and waits until all are ready; on a failure to start, stops them
   * again and throws. {@code stillWaiting} gets a line naming the roles not ready yet each time
   * another {@code roster.start.timeout} passes without them.
   */
  public void start(Consumer<String> stillWaiting) {
    try {
      List<String> metaNodes = config.metaAddresses();
      if (config.runs(RoleName.META)) {
        Role meta = launch(RoleName.META, () -> factory.meta(config.meta()));
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
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    awaitReady(roles(), stillWaiting);
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

  private void awaitReady(List<Role> waitFor, Consumer<String> stillWaiting) {
    long started = ticker.nanoTime();
    long nextReport = started + config.startTimeout().toNanos();
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
      long now = ticker.nanoTime();
      if (now - nextReport >= 0) {
        String line = "not ready after " + TimeUnit.NANOSECONDS.toMillis(now - started) + " ms: "
            + String.join(", ", notReady) + "; still trying (their /health/check answers 503"
            + " until then; a data or session node waits for a meta leader, a meta node for a"
            + " quorum of its raft peers)";
        LOG.warn(line);
        stillWaiting.accept(line);
        nextReport = now + config.startTimeout().toNanos();
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
