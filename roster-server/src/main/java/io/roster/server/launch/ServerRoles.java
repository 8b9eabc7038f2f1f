package io.roster.server.launch;

import io.roster.data.DataConfig;
import io.roster.data.DataServer;
import io.roster.meta.MetaConfig;
import io.roster.meta.MetaServer;
import io.roster.remoting.link.ClusterLinks;
import io.roster.model.Ticker;
import io.roster.remoting.guard.GuardLimits;
import io.roster.server.config.RoleName;
import io.roster.session.SessionConfig;
import io.roster.session.SessionServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The production roles: the real meta, data and session servers, sharing one {@link Ticker} and
 * the limits of their bolt ports.
 */
public final class ServerRoles implements RoleFactory {

  private final Ticker ticker;
  private final ClusterLinks links;
  private final GuardLimits bolt;

  public ServerRoles(Ticker ticker, ClusterLinks links, GuardLimits bolt) {
    this.ticker = ticker;
    this.links = links;
    this.bolt = bolt;
  }

  @Override
  public Role meta(MetaConfig config) {
    MetaServer server = new MetaServer(config, links, bolt, ticker);
    return new ServerRole(RoleName.META, server::start, server::isReady, server::close,
        () -> ports(server.boltPort(), server.raftPort(), server.httpPort()));
  }

  @Override
  public Role data(DataConfig config) {
    DataServer server = new DataServer(config, links, bolt, ticker);
    return new ServerRole(RoleName.DATA, server::start, server::isReady, server::close,
        () -> ports(server.boltPort(), -1, server.httpPort()));
  }

  @Override
  public Role session(SessionConfig config) {
    SessionServer server = new SessionServer(config, links, bolt, ticker);
    return new ServerRole(RoleName.SESSION, server::start, server::isReady, server::close,
        () -> ports(server.boltPort(), -1, server.httpPort()));
  }

  private static Map<String, Integer> ports(int bolt, int raft, int http) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put(Role.BOLT, bolt);
    if (raft >= 0) {
      ports.put(Role.RAFT, raft);
    }
    ports.put(Role.HTTP, http);
    return ports;
  }

  /** Adapts one server; the servers share no interface, so their methods are passed in. */
  private static final class ServerRole implements Role {
    private final RoleName name;
    private final Runnable start;
    private final BooleanSupplier ready;
    private final Supplier<Map<String, Integer>> ports;

    private final Runnable close;

    ServerRole(RoleName name, Runnable start, BooleanSupplier ready, Runnable close,
        Supplier<Map<String, Integer>> ports) {
      this.name = name;
      this.start = start;
      this.ready = ready;
      this.close = close;
      this.ports = ports;
    }

    @Override
    public RoleName name() {
      return name;
    }

    @Override
    public void start() {
      start.run();
    }

    @Override
    public boolean isReady() {
      return ready.getAsBoolean();
    }

    @Override
    public Map<String, Integer> ports() {
      return ports.get();
    }

    @Override
    public void close() {
      close.run();
    }
  }
}
