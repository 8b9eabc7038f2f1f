package io.roster.bench;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.client.api.registration.PublisherRegistration;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;

/**
 * A publisher in its own small JVM, for the {@code offline} scenario: it publishes one value,
 * says {@code PUBLISHED} on stdout once the registration is acknowledged, and waits to be killed.
 * Arguments: host httpPort dataId value.
 */
public final class VictimPublisher {

  private VictimPublisher() {}

  public static void main(String[] args) throws Exception {
    Clients.quietClientLogs();
    DefaultRegistryClient client = new Clients(args[0], Integer.parseInt(args[1])).connect("bench-victim");
    Publisher publisher = client.register(new PublisherRegistration(args[2]), args[3]);
    while (!publisher.isRegistered()) {
      SubscriberFleet.pause();
    }
    System.out.println("PUBLISHED");
    System.out.flush();
    Thread.currentThread().join();
  }
}
