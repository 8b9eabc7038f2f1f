package io.roster.it.support;

import static org.awaitility.Awaitility.await;

import com.alipay.remoting.Connection;
import com.alipay.remoting.LifeCycleException;
import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.client.api.Register;
import com.alipay.sofa.registry.client.api.Subscriber;
import com.alipay.sofa.registry.client.api.registration.PublisherRegistration;
import com.alipay.sofa.registry.client.api.registration.SubscriberRegistration;
import com.alipay.sofa.registry.client.provider.AbstractInternalRegister;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClientConfig;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClientConfigBuilder;
import com.alipay.sofa.registry.client.provider.DefaultServerManager;
import com.alipay.sofa.registry.client.remoting.ClientConnection;
import com.alipay.sofa.registry.client.remoting.ServerManager;
import com.alipay.sofa.registry.client.remoting.ServerNode;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.roster.client.auth.RosterAuthManager;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The unmodified official SOFARegistry 6.3.0 client, configured the way a user would
 * ({@code DefaultRegistryClientConfigBuilder} pointed at a session's HTTP port), plus what tests
 * need around it.
 *
 * <p><b>Shutting it down.</b> The 6.3.0 client has no {@code destroy()}: once {@code init()} ran,
 * its worker, SyncConfig, registry-check and server-list threads run until the JVM exits, and the
 * worker reconnects whenever its connection drops. {@link #close()} therefore (1) switches the
 * client's {@link ServerManager} to an empty server list, so the worker's reconnect loop finds
 * nothing to dial and only idles, and (2) calls the package's own
 * {@link ClientConnection#destroy()} (public, but not reachable through the API) through
 * reflection, which closes the bolt connection and shuts its {@code RpcClient} down. The session
 * then sees a connection close ("client off") and drops the client's publishers and subscribers.
 * The idle daemon threads stay until the test JVM exits; that is the client's design.
 */
public final class OfficialClient implements AutoCloseable {

  private final DefaultRegistryClientConfig config;
  private final DefaultRegistryClient client;
  private final ClosableServerManager servers;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OfficialClient(DefaultRegistryClientConfig config, boolean signed) {
    this.config = config;
    this.client = new DefaultRegistryClient(config);
    this.servers = new ClosableServerManager(new DefaultServerManager(config));
    client.setServerManager(servers);
    if (signed) {
      client.setAuthManager(new RosterAuthManager(config)); // as a user would, before init()
    }
    client.init();
  }

  /** A client whose registry endpoint is {@code 127.0.0.1:sessionHttpPort}. */
  public static Builder to(int sessionHttpPort) {
    return new Builder(sessionHttpPort);
  }

  public DefaultRegistryClient raw() {
    return client;
  }

  public DefaultRegistryClientConfig config() {
    return config;
  }

  public Publisher publish(String dataId, String... values) {
    return client.register(new PublisherRegistration(dataId), values);
  }

  /** Publishes with a registration the caller customizes (group, instanceId, appName...). */
  public Publisher publish(String dataId, Consumer<PublisherRegistration> customize,
      String... values) {
    PublisherRegistration registration = new PublisherRegistration(dataId);
    customize.accept(registration);
    return client.register(registration, values);
  }

  public Sub subscribe(String dataId) {
    return subscribe(dataId, r -> {});
  }

  public Sub subscribe(String dataId, ScopeEnum scope) {
    return subscribe(dataId, r -> r.setScopeEnum(scope));
  }

  public Sub subscribe(String dataId, Consumer<SubscriberRegistration> customize) {
    ViewRecorder recorder = new ViewRecorder();
    SubscriberRegistration registration = new SubscriberRegistration(dataId, recorder);
    customize.accept(registration);
    Subscriber subscriber = client.register(registration);
    return new Sub(subscriber, recorder);
  }

  /**
   * Whether the session answered this registration {@code refused=true}: the client keeps that
   * in a private flag (its {@code isRefused()} is package-private), read here like the other
   * internals this class reaches.
   */
  public static boolean refusedByServer(Register register) {
    return (Boolean) read(register, AbstractInternalRegister.class, "refused");
  }

  /** Waits until the session acknowledged the publisher's current version. */
  public static void awaitAcked(Publisher publisher) {
    await("publisher " + publisher.getDataId() + " acknowledged")
        .atMost(ViewRecorder.DEFAULT_TIMEOUT)
        .pollInterval(Duration.ofMillis(5))
        .until(publisher::isRegistered);
  }

  /** True while the client holds a healthy bolt connection. */
  public boolean isConnected() {
    ClientConnection c = clientConnection();
    return c != null && c.isConnected();
  }

  /** The session bolt port the client is connected to, or -1. */
  public int connectedPort() {
    Connection c = boltConnection();
    return c != null && c.isFine() ? c.getRemotePort() : -1;
  }

  /** Local port of the client's current bolt connection (identifies it), or -1. */
  public int connectionLocalPort() {
    Connection c = boltConnection();
    return c != null && c.isFine() ? c.getLocalPort() : -1;
  }

  /** Waits until the client is connected and returns the session bolt port. */
  public int awaitConnectedPort() {
    await("official client connected").atMost(ViewRecorder.DEFAULT_TIMEOUT)
        .pollInterval(Duration.ofMillis(5)).until(() -> connectedPort() > 0);
    return connectedPort();
  }

  /**
   * Closes the client's current bolt connection, as a network failure would. The client notices,
   * reconnects (to any session in its list) and re-sends every registration with the same
   * registId and version.
   */
  public void dropConnection() {
    Connection c = boltConnection();
    if (c != null) {
      c.close();
    }
  }

  /** See the class comment: no official way exists, so this is the closest thing to one. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    servers.close();
    ClientConnection c = clientConnection();
    if (c != null) {
      try {
        c.destroy();
      } catch (LifeCycleException alreadyStopped) {
        // The client's RpcClient was already shut down (or never started): nothing to close.
      }
    }
  }

  private ClientConnection clientConnection() {
    return (ClientConnection) read(client, DefaultRegistryClient.class, "client");
  }

  private Connection boltConnection() {
    ClientConnection c = clientConnection();
    return c == null ? null : (Connection) read(c, ClientConnection.class, "clientConnection");
  }

  private static Object read(Object target, Class<?> type, String field) {
    try {
      Field f = type.getDeclaredField(field);
      f.setAccessible(true);
      return f.get(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("registry-client-all internals changed: " + type.getName()
          + "." + field, e);
    }
  }

  /** Delegates to the client's own DefaultServerManager until closed, then offers no server. */
  private static final class ClosableServerManager implements ServerManager {
    private final DefaultServerManager delegate;
    private volatile boolean closed;

    ClosableServerManager(DefaultServerManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public List<ServerNode> getServerList() {
      return closed ? List.of() : delegate.getServerList();
    }

    @Override
    public ServerNode random() {
      return closed ? null : delegate.random();
    }

    void close() {
      closed = true;
    }
  }

  /** The client's settings; defaults match a user who only set endpoint, zone and appName. */
  public static final class Builder {
    private final int httpPort;
    private String zone = "DEFAULT_ZONE";
    private String dataCenter = "DefaultDataCenter";
    private String appName = "roster-it";
    private String instanceId;
    private Integer syncConfigRetryInterval;
    private String accessKey;
    private String secretKey;

    private Builder(int httpPort) {
      this.httpPort = httpPort;
    }

    public Builder zone(String zone) {
      this.zone = zone;
      return this;
    }

    public Builder dataCenter(String dataCenter) {
      this.dataCenter = dataCenter;
      return this;
    }

    public Builder appName(String appName) {
      this.appName = appName;
      return this;
    }

    public Builder instanceId(String instanceId) {
      this.instanceId = instanceId;
      return this;
    }

    public Builder syncConfigRetryInterval(int millis) {
      this.syncConfigRetryInterval = millis;
      return this;
    }

    /** Keys in the client's configuration and a RosterAuthManager that signs with them. */
    public Builder signedWith(String accessKey, String secretKey) {
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      return this;
    }

    public OfficialClient build() {
      DefaultRegistryClientConfigBuilder b = DefaultRegistryClientConfigBuilder.start()
          .setRegistryEndpoint("127.0.0.1")
          .setRegistryEndpointPort(httpPort)
          .setZone(zone)
          .setDataCenter(dataCenter)
          .setAppName(appName);
      if (instanceId != null) {
        b.setInstanceId(instanceId);
      }
      if (syncConfigRetryInterval != null) {
        b.setSyncConfigRetryInterval(syncConfigRetryInterval);
      }
      if (accessKey != null) {
        b.setAccessKey(accessKey).setSecretKey(secretKey);
      }
      return new OfficialClient(b.build(), accessKey != null);
    }
  }
}
