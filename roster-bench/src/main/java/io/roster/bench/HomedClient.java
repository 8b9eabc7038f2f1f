package io.roster.bench;

import com.alipay.remoting.Connection;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClientConfig;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClientConfigBuilder;
import com.alipay.sofa.registry.client.provider.DefaultServerManager;
import com.alipay.sofa.registry.client.remoting.ClientConnection;
import com.alipay.sofa.registry.client.remoting.ServerManager;
import com.alipay.sofa.registry.client.remoting.ServerNode;
import com.alipay.sofa.registry.client.util.ServerNodeParser;
import java.lang.reflect.Field;
import java.util.List;

/**
 * An official client that belongs to one session: the {@code failover} scenario needs clients on
 * both sessions, and the client alone picks a session at random. While <em>pinned</em>, its server
 * list is only its home session; once {@link #release released}, it is the client's own list
 * (fetched from the home session's {@code /api/servers/query}), so a client whose session dies
 * moves wherever the client's own logic takes it. {@link #rehome} brings a moved client back.
 *
 * <p>The 6.3.0 client exposes neither its connection nor a way to drop it, so both are read
 * through reflection on its fields; the client itself is unmodified.
 */
final class HomedClient {

  private final String name;
  private final int homeBoltPort;
  private final DefaultRegistryClient client;
  private final PinnedServers servers;

  private HomedClient(String name, int homeBoltPort, DefaultRegistryClient client, PinnedServers servers) {
    this.name = name;
    this.homeBoltPort = homeBoltPort;
    this.client = client;
    this.servers = servers;
  }

  /** A client pinned to the session whose ports are given, configured as a user would. */
  static HomedClient connect(String name, int homeHttpPort, int homeBoltPort) {
    DefaultRegistryClientConfig config = DefaultRegistryClientConfigBuilder.start()
        .setRegistryEndpoint("127.0.0.1")
        .setRegistryEndpointPort(homeHttpPort)
        .setAppName("bench-failover-" + name)
        .build();
    DefaultRegistryClient client = new DefaultRegistryClient(config);
    PinnedServers servers = new PinnedServers(new DefaultServerManager(config),
        ServerNodeParser.parse("127.0.0.1:" + homeBoltPort));
    client.setServerManager(servers);
    client.init();
    return new HomedClient(name, homeBoltPort, client, servers);
  }

  String name() {
    return name;
  }

  DefaultRegistryClient raw() {
    return client;
  }

  int homeBoltPort() {
    return homeBoltPort;
  }

  /** The session bolt port of the client's live connection, or -1. */
  int connectedPort() {
    Connection c = boltConnection();
    return c != null && c.isFine() ? c.getRemotePort() : -1;
  }

  boolean atHome() {
    return connectedPort() == homeBoltPort;
  }

  /**
   * From now on the client may connect to any session its own server list offers. The list is
   * fetched here, while the home session answers: the client fills it lazily on first use, which
   * could otherwise be after the home session died. Returns how many sessions it lists.
   */
  int release() {
    int listed = servers.own.getServerList().size();
    servers.pinned = false;
    return listed;
  }

  /**
   * Pins the client to its home session again and closes its connection, as a network failure
   * would: it reconnects there and re-sends every registration. Its session sees a client off.
   */
  void rehome() {
    servers.pinned = true;
    Connection c = boltConnection();
    if (c != null) {
      c.close();
    }
  }

  private Connection boltConnection() {
    return boltConnection(client);
  }

  /** The bolt connection of any official client (the soak's churn drops it too), or null. */
  static Connection boltConnection(DefaultRegistryClient client) {
    Object connection = read(client, DefaultRegistryClient.class, "client");
    return connection == null ? null
        : (Connection) read(connection, ClientConnection.class, "clientConnection");
  }

  private static Object read(Object target, Class<?> type, String field) {
    try {
      Field f = type.getDeclaredField(field);
      f.setAccessible(true);
      return f.get(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("registry-client-all internals changed: " + type.getName() + "." + field,
          e);
    }
  }

  @Override
  public String toString() {
    return name + " (home " + homeBoltPort + ", on " + connectedPort() + ")";
  }

  /** The client's own server list, or only the home session while pinned. */
  private static final class PinnedServers implements ServerManager {
    private final DefaultServerManager own;
    private final ServerNode home;
    private volatile boolean pinned = true;

    PinnedServers(DefaultServerManager own, ServerNode home) {
      this.own = own;
      this.home = home;
    }

    @Override
    public List<ServerNode> getServerList() {
      return pinned ? List.of(home) : own.getServerList();
    }

    @Override
    public ServerNode random() {
      return pinned ? home : own.random();
    }
  }
}
