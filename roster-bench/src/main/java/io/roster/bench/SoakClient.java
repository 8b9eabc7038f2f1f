package io.roster.bench;

import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;
import io.roster.bench.SoakOps.Op;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JVM of the soak's churn: {@code clients} official 6.3.0 clients ({@link ChurningClient}), each
 * connected once and then changed at {@code rate} steps per second in all, one random client per
 * step, from one thread. Its whole life is a churn too: the bench kills it and starts another, so
 * fresh clients keep connecting and old ones vanish without unregistering.
 *
 * <p>Arguments: host httpPort clients dataIds publishersPerClient subscribersPerClient rate tag.
 * Protocol on stdout: {@code READY n} once every client has registered its first set, then an
 * {@link SoakOps} line every second. On stdin: {@code STOP} ends the churn, waits (up to 30 s)
 * until the session acknowledged every publisher, prints one {@code LIVE dataId value} line per
 * live publisher and {@code STOPPED live unacked}, and keeps the clients connected; {@code QUIT}
 * prints a last OPS line and halts at once (sockets closed by the OS, nothing unregistered); end
 * of stdin halts too, so a bench that dies leaves no churn behind.
 */
public final class SoakClient {

  private static final int ERRORS_SHOWN = 10;

  private final SoakOps ops = new SoakOps();
  private final List<ChurningClient> churners = new ArrayList<>();
  private final AtomicInteger errorsShown = new AtomicInteger();
  private final Random random;
  private final ScheduledExecutorService churn = Executors.newSingleThreadScheduledExecutor(r ->
      new Thread(r, "soak-churn"));

  private SoakClient(Random random) {
    this.random = random;
  }

  public static void main(String[] args) throws Exception {
    Clients.quietClientLogs();
    String tag = args[7];
    SoakClient soak = new SoakClient(new Random(tag.hashCode()));
    soak.connect(new Clients(args[0], Integer.parseInt(args[1])), Integer.parseInt(args[2]),
        Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]), tag);
    soak.run(Integer.parseInt(args[6]));
  }

  private void connect(Clients clients, int count, int dataIdCount, int publishers, int subscribers,
      String tag) throws InterruptedException {
    List<String> dataIds = new ArrayList<>();
    for (int d = 0; d < dataIdCount; d++) {
      dataIds.add(dataId(d));
    }
    for (int k = 0; k < count; k++) {
      String name = tag + "c" + k;
      DefaultRegistryClient client = clients.connect("soak-" + name);
      ops.add(Op.CONNECTS);
      ChurningClient churner = new ChurningClient(name, client, dataIds, random, ops);
      churner.fill(publishers, subscribers);
      churners.add(churner);
    }
    // READY once acknowledged, so a sample right after a replacement sees the whole population.
    awaitAcked();
    say("READY " + churners.size());
  }

  private void run(int rate) throws Exception {
    churn.scheduleAtFixedRate(this::step, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
    churn.scheduleAtFixedRate(() -> say(ops.line()), 1, 1, TimeUnit.SECONDS);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.equals("STOP")) {
        stop();
      } else if (line.equals("QUIT")) {
        say(ops.line());
        break;
      }
    }
    Runtime.getRuntime().halt(0);
  }

  private void step() {
    try {
      churners.get(random.nextInt(churners.size())).step();
    } catch (RuntimeException e) {
      // The official client threw (e.g. its queue was full): count it, show the first few, go on.
      ops.add(Op.ERRORS);
      if (errorsShown.incrementAndGet() <= ERRORS_SHOWN) {
        say("ERROR " + e);
      }
    }
  }

  private void stop() throws InterruptedException {
    churn.shutdown();
    churn.awaitTermination(30, TimeUnit.SECONDS);
    awaitAcked();
    long live = 0;
    long unacked = 0;
    for (ChurningClient c : churners) {
      for (String publisher : c.live()) {
        say("LIVE " + publisher);
        live++;
      }
      unacked += c.unacked();
    }
    say(ops.line());
    say("STOPPED " + live + " " + unacked);
  }

  /** Up to 30 s; what is still unacknowledged then shows in STOPPED (or as a thin sample). */
  private void awaitAcked() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!churners.stream().allMatch(ChurningClient::allAcked) && System.nanoTime() < deadline) {
      Thread.sleep(10); // the official client says nothing when an ack arrives
    }
  }

  /** The churn's dataIds are {@code soak.data.0} to {@code soak.data.N-1}. */
  static String dataId(int i) {
    return "soak.data." + i;
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
