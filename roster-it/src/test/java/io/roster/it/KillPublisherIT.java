package io.roster.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.it.support.ChildJvm;
import io.roster.it.support.Closer;
import io.roster.it.support.DataIds;
import io.roster.it.support.OfficialClient;
import io.roster.it.support.PublisherProcess;
import io.roster.it.support.Sub;
import io.roster.it.support.ViewRecorder;
import io.roster.testkit.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline notification: a publisher running in its own JVM is killed with SIGKILL, and every
 * subscriber's view must drop it. The session learns it from the connection close ("client
 * off"), not from any lease, so this is bounded by seconds, not by the 20 s lease.
 */
class KillPublisherIT {

  private static final Logger LOG = LoggerFactory.getLogger(KillPublisherIT.class);

  /** Far above the design's 40 ms p99 target, far below any lease- or retry-based removal. */
  private static final Duration OFFLINE_BOUND = Duration.ofSeconds(5);

  @TempDir
  static Path root;

  static LocalCluster cluster;

  final Closer closer = new Closer();
  final List<ChildJvm> children = new ArrayList<>();

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.builder(root).datas(2).sessions(2).lease(Duration.ofSeconds(20))
        .start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void cleanUp() {
    children.forEach(ChildJvm::close);
    closer.closeAll();
  }

  @Test
  void killedPublisherProcessDisappearsFromEverySubscriber() {
    String dataId = DataIds.unique("kill9");
    OfficialClient survivorClient = closer.add(OfficialClient.to(cluster.sessionHttpPort(1))
        .build());
    survivorClient.publish(dataId, "survivor:1");

    List<Sub> subs = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      OfficialClient client = closer.add(OfficialClient.to(cluster.sessionHttpPort(c % 2))
          .build());
      subs.add(client.subscribe(dataId));
      subs.add(client.subscribe(dataId));
    }

    ChildJvm victim = ChildJvm.start(PublisherProcess.class, "127.0.0.1",
        String.valueOf(cluster.sessionHttpPort(0)), dataId, "victim:1");
    children.add(victim);
    String published = victim.awaitLine("PUBLISHED", Duration.ofSeconds(30));
    LOG.info("victim pid {} {}", victim.pid(), published);
    for (Sub s : subs) {
      s.awaitValues(Duration.ofSeconds(20), "survivor:1", "victim:1");
    }
    long[] afterSeq = subs.stream().mapToLong(s -> s.recorder().lastSeq()).toArray();

    long killedAt = System.nanoTime();
    int exit = victim.kill9();
    assertThat(exit).as("exit code of a SIGKILLed JVM (128 + 9)").isEqualTo(137);

    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < subs.size(); i++) {
      Sub s = subs.get(i);
      ViewRecorder.View gone = s.recorder().awaitAny("subscriber " + i + " drops the victim",
          afterSeq[i], v -> !v.values().contains("victim:1"), Duration.ofSeconds(30));
      millis.add(TimeUnit.NANOSECONDS.toMillis(gone.nanoTime() - killedAt));
      s.awaitValues("survivor:1");
    }
    LOG.info("kill -9 to offline view, per subscriber (ms): {}", millis);
    assertThat(millis).as("ms from SIGKILL to each subscriber's view without the victim")
        .allMatch(ms -> ms <= OFFLINE_BOUND.toMillis());
  }

  @Test
  void killedOnlyPublisherLeavesAnEmptyList() {
    String dataId = DataIds.unique("kill9-only");
    OfficialClient subscriberClient = closer.add(OfficialClient.to(cluster.sessionHttpPort(1))
        .build());
    Sub sub = subscriberClient.subscribe(dataId);

    ChildJvm victim = ChildJvm.start(PublisherProcess.class, "127.0.0.1",
        String.valueOf(cluster.sessionHttpPort(0)), dataId, "only:1");
    children.add(victim);
    victim.awaitLine("PUBLISHED", Duration.ofSeconds(30));
    sub.awaitValues(Duration.ofSeconds(20), "only:1");

    long killedAt = System.nanoTime();
    victim.kill9();

    sub.awaitEmpty();
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    LOG.info("kill -9 of the only publisher to an empty view: <= {} ms", ms);
    assertThat(sub.recorder().latest().orElseThrow().values()).isEmpty();
    assertThat(sub.peekValues()).isEmpty();
  }
}
