package io.roster.it.support;

import com.alipay.sofa.registry.client.api.Publisher;
import io.roster.testkit.ConvergenceChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Official publisher clients that keep changing what they publish, on one thread of their own,
 * while a fault test breaks the cluster underneath: each step publishes a new publisher,
 * republishes one with a new value, or unregisters one, and tells the {@link ConvergenceChecker}
 * first (a value is retired before it may vanish). Values are unique ({@code tag-n}), as the
 * checker requires. The clients stay alive throughout: their publishers are the live ones.
 */
public final class ChurningPublishers implements AutoCloseable {

  private record Live(String dataId, String value, Publisher publisher) {}

  private final ConvergenceChecker checker;
  private final List<OfficialClient> clients;
  private final List<String> dataIds;
  private final Random random;
  private final long pauseMillis;
  private final List<Live> live = new ArrayList<>();
  private final AtomicLong steps = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile RuntimeException failure;
  private long values;

  /**
   * One client per session HTTP port, publishing on {@code dataIds}; a step every {@code
   * pauseMillis} on average. {@code seed} makes the sequence of steps repeatable.
   */
  public ChurningPublishers(ConvergenceChecker checker, Closer closer, List<Integer> sessionHttpPorts,
      List<String> dataIds, long seed, long pauseMillis) {
    this.checker = checker;
    this.dataIds = List.copyOf(dataIds);
    this.random = new Random(seed);
    this.pauseMillis = pauseMillis;
    this.clients = new ArrayList<>();
    for (int port : sessionHttpPorts) {
      clients.add(closer.add(OfficialClient.to(port).build()));
    }
    for (String dataId : dataIds) {
      publishNew(dataId);
    }
    this.thread = new Thread(this::run, "churning-publishers");
    thread.setDaemon(true);
  }

  public ChurningPublishers start() {
    thread.start();
    return this;
  }

  /** Steps taken so far (publish, republish and unregister together). */
  public long steps() {
    return steps.get();
  }

  /** Stops churning and waits for the current step; rethrows what the thread failed with. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void run() {
    try {
      while (running) {
        step();
        steps.incrementAndGet();
        Thread.sleep(1 + random.nextInt((int) (2 * pauseMillis)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  private void step() {
    int kind = random.nextInt(3);
    if (kind == 0 || live.size() < dataIds.size()) {
      publishNew(dataIds.get(random.nextInt(dataIds.size())));
    } else if (kind == 1) {
      int i = random.nextInt(live.size());
      Live old = live.get(i);
      String value = nextValue(old.dataId());
      checker.retired(old.dataId(), old.value());
      checker.published(old.dataId(), value);
      old.publisher().republish(value);
      live.set(i, new Live(old.dataId(), value, old.publisher()));
    } else {
      Live gone = live.remove(random.nextInt(live.size()));
      checker.retired(gone.dataId(), gone.value());
      gone.publisher().unregister();
    }
  }

  private void publishNew(String dataId) {
    String value = nextValue(dataId);
    checker.published(dataId, value);
    OfficialClient client = clients.get(random.nextInt(clients.size()));
    live.add(new Live(dataId, value, client.publish(dataId, value)));
  }

  private String nextValue(String dataId) {
    return "churn-" + (values++) + "-" + dataId;
  }
}
