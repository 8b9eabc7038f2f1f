package io.roster.it.support;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.client.api.registration.PublisherRegistration;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClientConfigBuilder;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;

/**
 * A victim publisher for the kill -9 test: runs in its own JVM, connects with the official
 * client, publishes one value, prints {@code PUBLISHED <registId>} once the session acknowledged
 * it, and then blocks until it is killed.
 *
 * <p>Arguments: {@code host httpPort dataId value [zone]}.
 */
public final class PublisherProcess {

  private PublisherProcess() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 4) {
      System.err.println("usage: PublisherProcess host httpPort dataId value [zone]");
      System.exit(2);
    }
    String zone = args.length > 4 ? args[4] : "DEFAULT_ZONE";
    DefaultRegistryClient client = new DefaultRegistryClient(
        DefaultRegistryClientConfigBuilder.start()
            .setRegistryEndpoint(args[0])
            .setRegistryEndpointPort(Integer.parseInt(args[1]))
            .setZone(zone)
            .setDataCenter("DefaultDataCenter")
            .setAppName("roster-it-victim")
            .build());
    client.init();
    Publisher publisher = client.register(new PublisherRegistration(args[2]), args[3]);
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
        .until(publisher::isRegistered);
    System.out.println("PUBLISHED " + publisher.getRegistId());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
