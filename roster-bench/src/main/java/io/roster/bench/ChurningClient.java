package io.roster.bench;

import com.alipay.remoting.Connection;
import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.client.api.Subscriber;
import com.alipay.sofa.registry.client.api.registration.PublisherRegistration;
import com.alipay.sofa.registry.client.api.registration.SubscriberRegistration;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.roster.bench.SoakOps.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One official client of the soak, churning over a bounded population: it always holds
 * {@code publishers} publishers and {@code subscribers} subscribers, each on a dataId drawn from a
 * fixed list, and each {@link #step} changes one thing: republishes a publisher, replaces one
 * (unregister, then register a new one elsewhere), replaces a subscriber, or drops the client's
 * connection, after which the client reconnects and re-sends everything by itself. So the live set
 * stays the same size however long it runs, and whatever the server keeps beyond it is a leak.
 * Every value is unique ({@code NAME-pN-vM}), so a stale one is told apart from a live one. One
 * thread drives each instance.
 */
final class ChurningClient {

  private final String name;
  private final DefaultRegistryClient client;
  private final List<String> dataIds;
  private final Random random;
  private final SoakOps ops;
  private final List<Live> publishers = new ArrayList<>();
  private final List<Subscriber> subscribers = new ArrayList<>();
  private long next;

  ChurningClient(String name, DefaultRegistryClient client, List<String> dataIds, Random random, SoakOps ops) {
    this.name = name;
    this.client = client;
    this.dataIds = List.copyOf(dataIds);
    this.random = random;
    this.ops = ops;
  }

  /** Registers publishers and subscribers until there are this many of each. */
  void fill(int publisherCount, int subscriberCount) {
    while (publishers.size() < publisherCount) {
      publish();
    }
    while (subscribers.size() < subscriberCount) {
      subscribe();
    }
  }

  /** One random change, weighted so that drops (the costliest) stay rare. */
  void step() {
    int dice = random.nextInt(100);
    if (dice < 45) {
      republish();
    } else if (dice < 70) {
      replacePublisher();
    } else if (dice < 99) {
      replaceSubscriber();
    } else {
      drop();
    }
  }

  private void republish() {
    Live p = publishers.get(random.nextInt(publishers.size()));
    p.value = value(p.id);
    p.publisher.republish(p.value);
    ops.add(Op.REPUBLISHES);
  }

  private void replacePublisher() {
    Live gone = publishers.remove(random.nextInt(publishers.size()));
    gone.publisher.unregister();
    ops.add(Op.UNPUBLISHES);
    publish();
  }

  private void replaceSubscriber() {
    subscribers.remove(random.nextInt(subscribers.size())).unregister();
    ops.add(Op.UNSUBSCRIBES);
    subscribe();
  }

  /** Closes the connection as a network failure would; the session sees this client go. */
  private void drop() {
    Connection connection = HomedClient.boltConnection(client);
    if (connection != null) {
      connection.close();
      ops.add(Op.DROPS);
    }
  }

  private void publish() {
    String dataId = dataIds.get(random.nextInt(dataIds.size()));
    long id = next++;
    String value = value(id);
    publishers.add(new Live(id, dataId, value, client.register(new PublisherRegistration(dataId), value)));
    ops.add(Op.PUBLISHES);
  }

  private void subscribe() {
    String dataId = dataIds.get(random.nextInt(dataIds.size()));
    SubscriberRegistration registration = new SubscriberRegistration(dataId, (d, data) -> ops.add(Op.PUSHES));
    registration.setScopeEnum(ScopeEnum.dataCenter);
    subscribers.add(client.register(registration));
    ops.add(Op.SUBSCRIBES);
  }

  private String value(long id) {
    return name + "-p" + id + "-v" + next++;
  }

  /** True once the session acknowledged the current version of every publisher. */
  boolean allAcked() {
    return publishers.stream().allMatch(p -> p.publisher.isRegistered());
  }

  /** Publishers not acknowledged yet. */
  long unacked() {
    return publishers.stream().filter(p -> !p.publisher.isRegistered()).count();
  }

  /** Every live publisher as "dataId value". */
  List<String> live() {
    return publishers.stream().map(p -> p.dataId + " " + p.value).toList();
  }

  private static final class Live {
    final long id;
    final String dataId;
    final Publisher publisher;
    String value;

    Live(long id, String dataId, String value, Publisher publisher) {
      this.id = id;
      this.dataId = dataId;
      this.value = value;
      this.publisher = publisher;
    }
  }
}
