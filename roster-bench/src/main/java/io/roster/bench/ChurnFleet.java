package io.roster.bench;

import io.roster.bench.SoakOps.Op;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The soak's churn JVMs ({@link SoakClient}), with the official clients split evenly among them.
 * {@link #replace} halts one and starts a fresh one in its place, so whole clients come and go
 * while the population stays the same size; the counts of the halted ones are kept in the totals.
 */
final class ChurnFleet implements AutoCloseable {

  /** Publishers and subscribers each churn client holds at any time. */
  static final int PUBLISHERS_PER_CLIENT = 10;
  static final int SUBSCRIBERS_PER_CLIENT = 10;

  private final Path dir;
  private final String host;
  private final int httpPort;
  private final int dataIds;
  private final List<Integer> clientsPerJvm;
  private final int ratePerJvm;
  private final List<ChurnJvm> jvms = new ArrayList<>();
  private Map<Op, Long> retired = SoakOps.parse(SoakOps.PREFIX);
  private int started;

  ChurnFleet(Path dir, String host, int httpPort, int dataIds, List<Integer> clientsPerJvm, int ratePerJvm) {
    this.dir = dir;
    this.host = host;
    this.httpPort = httpPort;
    this.dataIds = dataIds;
    this.clientsPerJvm = List.copyOf(clientsPerJvm);
    this.ratePerJvm = ratePerJvm;
  }

  /** {@code clients} split over at most {@code jvms} JVMs, as evenly as possible. */
  static List<Integer> split(int clients, int jvms) {
    int n = Math.max(1, Math.min(clients, jvms));
    List<Integer> split = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      split.add(clients / n + (j < clients % n ? 1 : 0));
    }
    return split;
  }

  /** Starts every JVM; returns once all their clients registered their first set. */
  void start() {
    for (int j = 0; j < clientsPerJvm.size(); j++) {
      jvms.add(startOne(j));
    }
  }

  int size() {
    return jvms.size();
  }

  private ChurnJvm startOne(int slot) {
    String tag = "j" + started++;
    return ChurnJvm.start(tag, dir.resolve("churn-" + tag + ".log"), List.of(host, String.valueOf(httpPort),
        String.valueOf(clientsPerJvm.get(slot)), String.valueOf(dataIds), String.valueOf(PUBLISHERS_PER_CLIENT),
        String.valueOf(SUBSCRIBERS_PER_CLIENT), String.valueOf(ratePerJvm)));
  }

  /** Halts JVM {@code slot} (its clients vanish without unregistering) and starts a fresh one. */
  void replace(int slot) {
    retired = SoakOps.plus(retired, jvms.get(slot).quit());
    jvms.set(slot, startOne(slot));
  }

  /** JVMs started so far, the first ones included. */
  int started() {
    return started;
  }

  /** Every count so far: the halted JVMs' final ones plus the running ones' latest. */
  Map<Op, Long> totals() {
    Map<Op, Long> sum = retired;
    for (ChurnJvm jvm : jvms) {
      sum = SoakOps.plus(sum, jvm.ops());
    }
    return sum;
  }

  /** Ends the churn everywhere; returns every live publisher ("dataId value"). */
  List<String> stop() {
    List<String> live = new ArrayList<>();
    jvms.forEach(jvm -> live.addAll(jvm.stop()));
    return live;
  }

  /** Publishers not acknowledged when the churn stopped. */
  long unacked() {
    return jvms.stream().mapToLong(ChurnJvm::unacked).sum();
  }

  @Override
  public void close() {
    jvms.forEach(ChurnJvm::close);
  }
}
