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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Half-open connection: a publisher JVM frozen with SIGSTOP sends no FIN, its kernel still ACKs
 * TCP, and the official client would send its own heartbeat only after 15 s idle. The session's
 * own heartbeats (defaults: every 5 s, close after 2 misses) must remove it from every
 * subscriber's view within 15 s.
 */
class FrozenPublisherIT {

  private static final Logger LOG = LoggerFactory.getLogger(FrozenPublisherIT.class);
  private static final Duration BOUND = Duration.ofSeconds(15);

  @TempDir
  Path root;

  final Closer closer = new Closer();
  ChildJvm victim;

  @AfterEach
  void cleanUp() {
    if (victim != null) {
      victim.close();
    }
    closer.closeAll();
  }

  @Test
  void frozenPublisherIsGoneWithinFifteenSecondsWithDefaultHeartbeats() {
    LocalCluster cluster = closer.add(LocalCluster.builder(root).sessions(1).start());
    String dataId = DataIds.unique("frozen");
    OfficialClient subscriberClient = closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build());
    Sub sub = subscriberClient.subscribe(dataId);
    victim = ChildJvm.start(PublisherProcess.class, "127.0.0.1",
        String.valueOf(cluster.sessionHttpPort(0)), dataId, "frozen:1");
    victim.awaitLine("PUBLISHED", Duration.ofSeconds(30));
    sub.awaitValues(Duration.ofSeconds(20), "frozen:1");
    long afterSeq = sub.recorder().lastSeq();

    long frozenAt = System.nanoTime();
    victim.freeze();
    ViewRecorder.View gone = sub.recorder().awaitAny("subscriber drops the frozen publisher",
        afterSeq, v -> !v.values().contains("frozen:1"), BOUND.plusSeconds(10));
    long millis = TimeUnit.NANOSECONDS.toMillis(gone.nanoTime() - frozenAt);
    LOG.info("SIGSTOP to offline view: {} ms", millis);
    assertThat(victim.isAlive()).as("the victim is frozen, not dead").isTrue();
    assertThat(millis).as("ms from SIGSTOP until the subscriber's view drops it").isLessThanOrEqualTo(BOUND.toMillis());
  }
}
