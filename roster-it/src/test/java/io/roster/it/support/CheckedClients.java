package io.roster.it.support;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.client.api.Subscriber;
import com.alipay.sofa.registry.client.api.model.UserData;
import com.alipay.sofa.registry.client.api.registration.SubscriberRegistration;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.roster.testkit.ConvergenceChecker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Official clients whose every registration and view goes through one {@link ConvergenceChecker}:
 * what the fault tests drive. Each client is its own connection, closed by the {@link Closer}.
 */
public final class CheckedClients {

  private final ConvergenceChecker checker;
  private final Closer closer;
  private int subscribers;

  public CheckedClients(ConvergenceChecker checker, Closer closer) {
    this.checker = checker;
    this.closer = closer;
  }

  public static List<String> dataIds(String prefix, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(DataIds.unique(prefix + "-" + i));
    }
    return ids;
  }

  /** One subscriber client bootstrapped from that session HTTP port, on every dataId. */
  public OfficialClient subscriber(int sessionHttpPort, Collection<String> dataIds) {
    return subscriber(OfficialClient.to(sessionHttpPort), dataIds);
  }

  /**
   * The same, for a client of {@code zone}: it connects only to sessions of that zone, so a test
   * with one session per zone knows which session holds it.
   */
  public OfficialClient subscriber(int sessionHttpPort, String zone, Collection<String> dataIds) {
    return subscriber(OfficialClient.to(sessionHttpPort).zone(zone), dataIds);
  }

  private OfficialClient subscriber(OfficialClient.Builder builder, Collection<String> dataIds) {
    OfficialClient client = closer.add(builder.build());
    String name = "sub" + subscribers++;
    for (String dataId : dataIds) {
      checker.subscribed(name, dataId);
      // The client runs observers on a pool, each with the data it peeked when it started, so two
      // callbacks can arrive in the wrong order. The view that counts is the subscriber's own
      // state, read under one lock per subscriber: those reads are in real-time order.
      AtomicReference<Subscriber> self = new AtomicReference<>();
      Object lock = new Object();
      SubscriberRegistration registration = new SubscriberRegistration(dataId, (id, data) -> {
        synchronized (lock) {
          Subscriber subscriber = self.get();
          UserData now = subscriber != null ? subscriber.peekData() : data;
          List<String> values = new ArrayList<>();
          now.getZoneData().values().forEach(values::addAll);
          checker.pushed(name, id, values);
        }
      });
      registration.setScopeEnum(ScopeEnum.global);
      self.set(client.raw().register(registration));
    }
    return client;
  }

  /** One publisher client publishing the value {@code tag-dataId} on every dataId. */
  public List<Publisher> publisher(int sessionHttpPort, Collection<String> dataIds, String tag) {
    return publisher(OfficialClient.to(sessionHttpPort), dataIds, tag);
  }

  /** The same, for a client of {@code zone} (see {@link #subscriber(int, String, Collection)}). */
  public List<Publisher> publisher(int sessionHttpPort, String zone, Collection<String> dataIds, String tag) {
    return publisher(OfficialClient.to(sessionHttpPort).zone(zone), dataIds, tag);
  }

  private List<Publisher> publisher(OfficialClient.Builder builder, Collection<String> dataIds, String tag) {
    OfficialClient client = closer.add(builder.build());
    List<Publisher> publishers = new ArrayList<>();
    for (String dataId : dataIds) {
      String value = tag + "-" + dataId;
      checker.published(dataId, value);
      publishers.add(client.publish(dataId, value));
    }
    return publishers;
  }
}
