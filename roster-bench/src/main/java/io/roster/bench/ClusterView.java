package io.roster.bench;

import io.roster.testkit.ProcessCluster;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@code failover} scenario asks a {@link ProcessCluster} over its admin HTTP pages: who
 * leads meta ({@code /api/meta/leader}), how many slots each data node leads
 * ({@code /digest/datum/count}), and whether the sessions list each other. Every answer is read
 * fresh; a node that does not answer counts as not leading anything.
 */
final class ClusterView {

  private final ProcessCluster cluster;
  private final int slots;

  ClusterView(ProcessCluster cluster, int slots) {
    this.cluster = cluster;
    this.slots = slots;
  }

  /** The running meta node that says it leads, or -1; {@code except} is skipped (-1: none). */
  int metaLeader(int except) {
    for (int i = 0; i < cluster.metas().size(); i++) {
      if (i != except && cluster.meta(i).running() && leadsMeta(i)) {
        return i;
      }
    }
    return -1;
  }

  private boolean leadsMeta(int i) {
    try {
      return ProcessCluster.httpGet(cluster.metaHttpPort(i), "/api/meta/leader?format=json")
          .contains("\"self\":true");
    } catch (RuntimeException noLeaderOrDown) {
      return false;
    }
  }

  /** The data node that leads the most slots. */
  int dataLeadingMost() {
    int best = -1;
    int most = -1;
    for (int i = 0; i < cluster.datas().size(); i++) {
      int leading = count(i, "slotsLeading");
      if (leading > most) {
        most = leading;
        best = i;
      }
    }
    return best;
  }

  /** True when the running data nodes other than {@code except} lead every slot between them. */
  boolean allSlotsLedWithout(int except) {
    int led = 0;
    for (int i = 0; i < cluster.datas().size(); i++) {
      if (i != except) {
        led += Math.max(0, count(i, "slotsLeading"));
      }
    }
    return led == slots;
  }

  /**
   * Every data node runs and none is syncing, they lead every slot between them, and their counts
   * differ by at most one (meta's balancing target).
   */
  boolean balanced() {
    List<Integer> leading = new ArrayList<>();
    for (int i = 0; i < cluster.datas().size(); i++) {
      if (count(i, "slotsSyncing") != 0) {
        return false;
      }
      leading.add(count(i, "slotsLeading"));
    }
    int min = leading.stream().mapToInt(Integer::intValue).min().orElse(-1);
    int max = leading.stream().mapToInt(Integer::intValue).max().orElse(-1);
    return min >= 0 && max - min <= 1 && leading.stream().mapToInt(Integer::intValue).sum() == slots;
  }

  /** Leading slots per data node, for progress lines ("85/86/85"). */
  String leadingCounts() {
    List<String> counts = new ArrayList<>();
    for (int i = 0; i < cluster.datas().size(); i++) {
      counts.add(String.valueOf(count(i, "slotsLeading")));
    }
    return String.join("/", counts);
  }

  /** True when every session's server list names every session. */
  boolean sessionsListEachOther() {
    int n = cluster.sessions().size();
    for (int i = 0; i < n; i++) {
      try {
        if (ProcessCluster.httpGet(cluster.sessionHttpPort(i), "/api/servers/query").split(";").length != n) {
          return false;
        }
      } catch (RuntimeException down) {
        return false;
      }
    }
    return true;
  }

  int sessionBoltPort(int i) {
    return cluster.session(i).port("session", "bolt");
  }

  /** A data node's digest counter, or -1 when the node is down or does not answer. */
  private int count(int data, String key) {
    if (!cluster.data(data).running()) {
      return -1;
    }
    try {
      String digest = ProcessCluster.httpGet(cluster.dataHttpPort(data), "/digest/datum/count");
      for (String line : digest.split("\n")) {
        if (line.startsWith(key + " ")) {
          return Integer.parseInt(line.substring(key.length() + 1).trim());
        }
      }
    } catch (RuntimeException down) {
      // counted as -1 below
    }
    return -1;
  }
}
