package io.roster.bench;

import com.alipay.sofa.registry.client.api.registration.SubscriberRegistration;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClientConfigBuilder;
import com.alipay.sofa.registry.core.model.ScopeEnum;

/** Official {@code registry-client-all} 6.3.0 clients, configured as a user would. */
final class Clients {

  private final String host;
  private final int httpPort;

  Clients(String host, int httpPort) {
    this.host = host;
    this.httpPort = httpPort;
  }

  /** Each client is one connection to a session. */
  DefaultRegistryClient connect(String appName) {
    DefaultRegistryClient client = new DefaultRegistryClient(DefaultRegistryClientConfigBuilder.start()
        .setRegistryEndpoint(host)
        .setRegistryEndpointPort(httpPort)
        .setAppName(appName)
        .build());
    client.init();
    return client;
  }

  static void subscribe(DefaultRegistryClient client, String dataId, Probe probe) {
    SubscriberRegistration registration = new SubscriberRegistration(dataId, probe);
    registration.setScopeEnum(ScopeEnum.dataCenter);
    client.register(registration);
  }

  /** Client logging at WARN: at INFO the client logs every push in full. */
  static void quietClientLogs() {
    System.setProperty("com.alipay.sofa.registry.client.log.level", "WARN");
  }
}
