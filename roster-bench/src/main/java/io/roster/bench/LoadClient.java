package io.roster.bench;

import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.ReceivedData;
import com.alipay.sofa.registry.core.model.RegisterResponse;
import com.alipay.sofa.registry.core.model.Result;
import com.alipay.sofa.registry.core.model.SubscriberRegister;
import io.roster.remoting.BoltClient;
import io.roster.remoting.Peer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A wire-level load generator for the {@code scale} scenario, run in its own JVM: it speaks the
 * client protocol directly (bolt plus the registry-core classes), because each official client
 * instance starts several threads of its own and 10,000 of them would measure the client.
 *
 * <p>Arguments: host boltPort publishers subscribers connections dataIds. It connects, says
 * {@code CONNECTED}, registers the publishers (unique 100-byte payloads) and says
 * {@code PUBLISHED <acked> <refused>}, waits for a line on stdin, registers the subscribers, answers
 * every push, and says {@code SUBSCRIBED <acked>}; then it reports {@code PUSHED <registIds>} every
 * second until stdin closes.
 */
public final class LoadClient {

  private static final int IN_FLIGHT = 4096;

  private final List<Peer> peers = new ArrayList<>();
  private final Semaphore window = new Semaphore(IN_FLIGHT);
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong pushedRegistIds = new AtomicLong();

  private LoadClient() {}

  public static void main(String[] args) throws Exception {
    String address = args[0] + ":" + args[1];
    int publishers = Integer.parseInt(args[2]);
    int subscribers = Integer.parseInt(args[3]);
    int connections = Integer.parseInt(args[4]);
    int dataIds = Integer.parseInt(args[5]);
    new LoadClient().run(address, publishers, subscribers, connections, dataIds);
  }

  private void run(String address, int publishers, int subscribers, int connections, int dataIds)
      throws Exception {
    BoltClient bolt = new BoltClient(5000);
    bolt.handle(ReceivedData.class, (push, from, reply) -> {
      pushedRegistIds.addAndGet(push.getSubscriberRegistIds() == null ? 0 : push.getSubscriberRegistIds().size());
      reply.send(Result.success());
    });
    bolt.start();
    for (int c = 0; c < connections; c++) {
      peers.add(bolt.connectSeparately(address, "load-" + c));
    }
    say("CONNECTED " + peers.size());
    for (int i = 0; i < publishers; i++) {
      send(peers.get(i % connections), publisher(i, dataIds));
    }
    window.acquire(IN_FLIGHT);
    window.release(IN_FLIGHT);
    say("PUBLISHED " + acked.get() + " " + refused.get());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    in.readLine();
    acked.set(0);
    for (int i = 0; i < subscribers; i++) {
      send(peers.get(i % connections), subscriber(i, dataIds));
    }
    window.acquire(IN_FLIGHT);
    window.release(IN_FLIGHT);
    say("SUBSCRIBED " + acked.get() + " " + refused.get());
    Thread reporter = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        say("PUSHED " + pushedRegistIds.get());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "load-reporter");
    reporter.setDaemon(true);
    reporter.start();
    while (in.readLine() != null) {
      // Runs until the parent closes stdin or kills this JVM.
    }
    System.exit(0);
  }

  private void send(Peer peer, Object request) throws InterruptedException {
    window.acquire();
    peer.invoke(request, 30_000).whenComplete((reply, error) -> {
      if (error == null && reply instanceof RegisterResponse r && r.isSuccess() && !r.isRefused()) {
        acked.incrementAndGet();
      } else {
        refused.incrementAndGet();
      }
      window.release();
    });
  }

  private static PublisherRegister publisher(int i, int dataIds) {
    PublisherRegister r = new PublisherRegister();
    fill(r, "scale.data." + (i % dataIds));
    String value = String.format("10.%d.%d.%d:12200?i=%09d&", (i >> 16) & 255, (i >> 8) & 255, i & 255, i);
    // A plain ArrayList, as the official client sends: immutable JDK lists are not on the allowlist.
    r.setDataList(new ArrayList<>(List.of(new DataBox(value + "x".repeat(Math.max(0, 100 - value.length()))))));
    return r;
  }

  private static SubscriberRegister subscriber(int i, int dataIds) {
    SubscriberRegister r = new SubscriberRegister();
    fill(r, "scale.data." + (i % dataIds));
    r.setScope("zone");
    return r;
  }

  private static void fill(com.alipay.sofa.registry.core.model.BaseRegister r, String dataId) {
    r.setRegistId(UUID.randomUUID().toString());
    r.setDataId(dataId);
    r.setGroup("DEFAULT_GROUP");
    r.setInstanceId("DEFAULT_INSTANCE_ID");
    r.setZone("DEFAULT_ZONE");
    r.setAppName("scale");
    r.setEventType("REGISTER");
    r.setVersion(1L);
    r.setTimestamp(System.currentTimeMillis());
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
