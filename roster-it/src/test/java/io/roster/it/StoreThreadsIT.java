package io.roster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roster.it.support.Closer;
import io.roster.it.support.DataIds;
import io.roster.it.support.Http;
import io.roster.it.support.OfficialClient;
import io.roster.it.support.Sub;
import io.roster.testkit.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data node split over several store threads: one client's writes span every thread (the
 * session batches them across slots), every one is applied, replicated and pushed, and a data
 * node stopping loses none of them. Three threads, so that slots do not split evenly and a batch
 * always spans more than two.
 */
class StoreThreadsIT {

  private static final int DATA_IDS = 48;
  private static final int SLOTS = 64;

  @TempDir
  Path root;

  final Closer closer = new Closer();
  LocalCluster cluster;

  @AfterEach
  void stop() {
    try {
      closer.closeAll();
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Test
  void writesSpanningEveryThreadAreAppliedReplicatedAndSurviveADataNodeStop() {
    cluster = LocalCluster.builder(root).metas(1).datas(2).sessions(1).replicas(2).slotCount(SLOTS).storeThreads(3).start();
    OfficialClient publisher = closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build());
    OfficialClient subscriber = closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build());
    List<String> dataIds = new ArrayList<>();
    for (int i = 0; i < DATA_IDS; i++) {
      dataIds.add(DataIds.unique("threads-" + i));
    }
    dataIds.forEach(id -> publisher.publish(id, "v-" + id));
    List<Sub> subs = dataIds.stream().map(subscriber::subscribe).toList();
    subs.forEach(sub -> sub.awaitValues(Duration.ofSeconds(20), "v-" + sub.dataId()));

    // Every publisher is held twice (leader and follower), and every thread of each node holds some.
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      long total = 0;
      for (int node = 0; node < 2; node++) {
        String digest = Http.get(cluster.dataHttpPort(node), "/digest/datum/count").body();
        assertThat(line(digest, "storeThreads")).isEqualTo("3");
        long[] byThread = Arrays.stream(line(digest, "publishersByThread").replaceAll("[\\[\\] ]", "").split(","))
            .mapToLong(Long::parseLong).toArray();
        assertThat(byThread).hasSize(3).doesNotContain(0L);
        assertThat(Arrays.stream(byThread).sum()).isEqualTo(Long.parseLong(line(digest, "publishers")));
        total += Arrays.stream(byThread).sum();
      }
      assertThat(total).isEqualTo(2L * DATA_IDS);
    });

    long[] seqBefore = subs.stream().mapToLong(sub -> sub.recorder().lastSeq()).toArray();
    cluster.stopData(0);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      String survivor = Http.get(cluster.dataHttpPort(1), "/digest/datum/count").body();
      assertThat(line(survivor, "slotsLeading")).isEqualTo(String.valueOf(SLOTS));
      assertThat(line(survivor, "publishers")).isEqualTo(String.valueOf(DATA_IDS));
    });
    for (int i = 0; i < subs.size(); i++) {
      Sub sub = subs.get(i);
      sub.awaitValues(Duration.ofSeconds(30), "v-" + sub.dataId());
      long from = seqBefore[i];
      assertThat(sub.recorder().history()).as("pushes to %s after the stop", sub.dataId())
          .filteredOn(view -> view.seq() > from).allMatch(view -> view.hasExactly("v-" + sub.dataId()));
    }
  }

  private static String line(String digest, String key) {
    return digest.lines().filter(l -> l.startsWith(key + " ")).map(l -> l.substring(key.length() + 1).trim())
        .findFirst().orElseThrow(() -> new AssertionError("no " + key + " in " + digest));
  }
}
