package io.roster.it.support;

import io.roster.testkit.ProcessCluster;
import io.roster.testkit.ProcessNode;

/**
 * What the fault tests read from a {@link ProcessCluster}'s HTTP pages: which meta node leads,
 * each data node's slot counts from {@code /digest/datum/count}, how many sessions a session
 * lists for clients. A node that is down or does
 * not answer counts as having nothing.
 */
public final class ClusterProbes {

  private ClusterProbes() {}

  /**
   * How many sessions session {@code i} lists for clients, all zones together (an unknown zone
   * lists every session), or -1 when it does not answer.
   */
  public static int sessionsListed(ProcessCluster cluster, int i) {
    try {
      return ProcessCluster.httpGet(cluster.sessionHttpPort(i), "/api/servers/query?zone=NO_SUCH_ZONE")
          .split(";").length;
    } catch (RuntimeException notAnswering) {
      return -1;
    }
  }

  /** The index of the meta node that says it leads, or -1 when none answers so. */
  public static int metaLeader(ProcessCluster cluster) {
    for (int i = 0; i < cluster.metas().size(); i++) {
      if (answering(cluster.meta(i))) {
        try {
          if (ProcessCluster.httpGet(cluster.metaHttpPort(i), "/api/meta/leader?format=json")
              .contains("\"self\":true")) {
            return i;
          }
        } catch (RuntimeException notAnswering) {
          // without a leader or on its way down: try the next
        }
      }
    }
    return -1;
  }

  /** A count of data node {@code i}'s digest page, e.g. "slotsLeading"; -1 when it does not answer. */
  public static long dataCount(ProcessCluster cluster, int i, String key) {
    if (!answering(cluster.data(i))) {
      return -1;
    }
    String digest;
    try {
      digest = ProcessCluster.httpGet(cluster.dataHttpPort(i), "/digest/datum/count");
    } catch (RuntimeException notAnswering) {
      return -1;
    }
    for (String line : digest.split("\n")) {
      if (line.startsWith(key + " ")) {
        return Long.parseLong(line.substring(key.length() + 1).trim());
      }
    }
    throw new IllegalStateException("no " + key + " in " + digest);
  }

  public static int slotsLeading(ProcessCluster cluster, int i) {
    return (int) dataCount(cluster, i, "slotsLeading");
  }

  /** The data node that leads the most slots. */
  public static int leaderOfMostSlots(ProcessCluster cluster) {
    int best = -1;
    int most = -1;
    for (int i = 0; i < cluster.datas().size(); i++) {
      int leading = slotsLeading(cluster, i);
      if (leading > most) {
        most = leading;
        best = i;
      }
    }
    return best;
  }

  /**
   * Whether the cluster is whole again: a meta leader, and the answering data nodes lead every
   * one of {@code slots} exactly once, none of them still syncing, and none following a slot it
   * has not caught up with (every replica holds what its leader holds).
   */
  public static boolean settled(ProcessCluster cluster, int slots) {
    if (metaLeader(cluster) < 0) {
      return false;
    }
    long leading = 0;
    for (int i = 0; i < cluster.datas().size(); i++) {
      if (dataCount(cluster, i, "slotsSyncing") > 0 || dataCount(cluster, i, "slotsFollowingBehind") > 0) {
        return false;
      }
      leading += Math.max(0, dataCount(cluster, i, "slotsLeading"));
    }
    return leading == slots;
  }

  private static boolean answering(ProcessNode node) {
    return node.running() && !node.paused();
  }
}
