package io.roster.meta.slots;

import io.roster.model.SlotTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * The mutable working copy of one assignment round. Counts of leaders and replicas per node are
 * kept in step with every change so each greedy choice is O(nodes). Iteration is always in slot
 * id and node name order, so the result is deterministic.
 */
final class Plan {

  private final List<String> nodes;
  private final String[] leaders;
  private final List<List<String>> followers;
  /** Per slot, the live nodes that already followed it in the input table. */
  private final List<Set<String>> promotable;
  private final Map<String, Integer> leaderCount = new HashMap<>();
  private final Map<String, Integer> replicaCount = new HashMap<>();

  private Plan(List<String> nodes, int slotCount) {
    this.nodes = nodes;
    this.leaders = new String[slotCount];
    this.followers = new ArrayList<>(slotCount);
    this.promotable = new ArrayList<>(slotCount);
    for (String node : nodes) {
      leaderCount.put(node, 0);
      replicaCount.put(node, 0);
    }
  }

  static Plan of(SlotTable current, SortedSet<String> live, int slotCount) {
    Plan plan = new Plan(List.copyOf(live), slotCount);
    boolean reuse = current.slotCount() == slotCount;
    for (int id = 0; id < slotCount; id++) {
      List<String> kept = new ArrayList<>();
      String leader = null;
      if (reuse) {
        SlotTable.Slot slot = current.slot(id);
        leader = live.contains(slot.leader()) ? slot.leader() : null;
        for (String follower : slot.followers()) {
          if (live.contains(follower) && !follower.equals(leader) && !kept.contains(follower)) {
            kept.add(follower);
          }
        }
      }
      plan.followers.add(kept);
      plan.promotable.add(new HashSet<>(kept));
      if (leader != null) {
        plan.setLeader(id, leader);
      }
      kept.forEach(f -> plan.bump(plan.replicaCount, f, 1));
    }
    return plan;
  }

  /** Gives every leaderless slot a leader: a surviving follower if any, else a fresh node. */
  void repairLeaders() {
    for (int id = 0; id < leaders.length; id++) {
      if (leaders[id] != null) {
        continue;
      }
      List<String> fs = followers.get(id);
      if (!fs.isEmpty()) {
        String chosen = fs.stream().min(byLeadersThenName()).orElseThrow();
        fs.remove(chosen);
        bump(replicaCount, chosen, -1);
        setLeader(id, chosen);
      } else {
        setLeader(id, nodes.stream().min(byLeadersThenReplicas()).orElseThrow());
      }
    }
  }

  /**
   * Trims or fills each slot to {@code wanted} followers, using the least-loaded nodes. Among
   * equally loaded candidates it prefers the one that follows this slot's leader least often, so
   * each leader's followers spread over all other nodes and a failed node's leaderships fall
   * evenly on the survivors instead of needing a rebalance afterwards.
   */
  void sizeFollowers(int wanted) {
    Map<String, Map<String, Integer>> pairs = new HashMap<>();
    for (int id = 0; id < leaders.length; id++) {
      Map<String, Integer> byFollower = pairs.computeIfAbsent(leaders[id], k -> new HashMap<>());
      followers.get(id).forEach(f -> bump(byFollower, f, 1));
    }
    for (int id = 0; id < leaders.length; id++) {
      List<String> fs = followers.get(id);
      while (fs.size() > wanted) {
        String dropped = fs.stream().max(byReplicasThenName()).orElseThrow();
        fs.remove(dropped);
        bump(replicaCount, dropped, -1);
      }
      String leader = leaders[id];
      Map<String, Integer> paired = pairs.computeIfAbsent(leader, k -> new HashMap<>());
      while (fs.size() < wanted) {
        String added = nodes.stream().filter(n -> !n.equals(leader) && !fs.contains(n))
            .min(Comparator.<String>comparingInt(replicaCount::get)
                .thenComparingInt(n -> paired.getOrDefault(n, 0))
                .thenComparing(Comparator.naturalOrder()))
            .orElseThrow();
        fs.add(added);
        bump(replicaCount, added, 1);
        bump(paired, added, 1);
      }
    }
  }

  /** Moves follower roles from the fullest node to the emptiest until they differ by <= 1. */
  void balanceReplicas() {
    int guard = leaders.length * (nodes.size() + 1);
    while (guard-- > 0 && moveOneFollower()) {
      // each move strictly reduces the spread of replica counts
    }
  }

  private boolean moveOneFollower() {
    List<String> desc = sorted(byReplicasThenName().reversed());
    List<String> asc = sorted(byReplicasThenName());
    for (String over : desc) {
      for (String under : asc) {
        if (replicaCount.get(over) - replicaCount.get(under) <= 1) {
          break;
        }
        for (int id = 0; id < leaders.length; id++) {
          List<String> fs = followers.get(id);
          int at = fs.indexOf(over);
          if (at >= 0 && !under.equals(leaders[id]) && !fs.contains(under)) {
            fs.set(at, under);
            bump(replicaCount, over, -1);
            bump(replicaCount, under, 1);
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Balances leadership by swapping a leader with one of the slot's established followers. */
  void balanceLeadersBySwap() {
    int guard = leaders.length * (nodes.size() + 1);
    while (guard-- > 0 && swapOneLeader()) {
      // each swap moves one leadership from a node to one leading at least two fewer slots
    }
  }

  private boolean swapOneLeader() {
    for (String over : sorted(byLeadersThenName().reversed())) {
      int bestSlot = -1;
      String bestFollower = null;
      for (int id = 0; id < leaders.length; id++) {
        if (!over.equals(leaders[id])) {
          continue;
        }
        for (String f : followers.get(id)) {
          boolean helps = leaderCount.get(f) <= leaderCount.get(over) - 2;
          if (helps && promotable.get(id).contains(f)
              && (bestFollower == null || leaderCount.get(f) < leaderCount.get(bestFollower))) {
            bestSlot = id;
            bestFollower = f;
          }
        }
      }
      if (bestFollower != null) {
        List<String> fs = followers.get(bestSlot);
        fs.set(fs.indexOf(bestFollower), over);
        leaders[bestSlot] = bestFollower;
        bump(leaderCount, over, -1);
        bump(leaderCount, bestFollower, 1);
        return true; // replica counts are unchanged: both nodes stay in the slot
      }
    }
    return false;
  }

  /** Single-copy tables have no followers to swap with: move leaderships directly. */
  void balanceLeadersByMove() {
    int guard = leaders.length * (nodes.size() + 1);
    while (guard-- > 0) {
      String over = sorted(byLeadersThenName().reversed()).get(0);
      String under = sorted(byLeadersThenName()).get(0);
      if (leaderCount.get(over) - leaderCount.get(under) <= 1) {
        return;
      }
      for (int id = 0; id < leaders.length; id++) {
        if (over.equals(leaders[id])) {
          bump(leaderCount, over, -1);
          bump(replicaCount, over, -1);
          setLeader(id, under);
          break;
        }
      }
    }
  }

  List<SlotTable.Slot> slots() {
    List<SlotTable.Slot> slots = new ArrayList<>(leaders.length);
    for (int id = 0; id < leaders.length; id++) {
      slots.add(new SlotTable.Slot(id, leaders[id], followers.get(id)));
    }
    return slots;
  }

  private void setLeader(int id, String node) {
    leaders[id] = node;
    bump(leaderCount, node, 1);
    bump(replicaCount, node, 1);
  }

  private void bump(Map<String, Integer> counts, String node, int delta) {
    counts.merge(node, delta, Integer::sum);
  }

  private List<String> sorted(Comparator<String> order) {
    List<String> copy = new ArrayList<>(nodes);
    copy.sort(order);
    return copy;
  }

  private Comparator<String> byLeadersThenName() {
    return Comparator.<String>comparingInt(leaderCount::get).thenComparing(Comparator.naturalOrder());
  }

  private Comparator<String> byLeadersThenReplicas() {
    return Comparator.<String>comparingInt(leaderCount::get)
        .thenComparingInt(replicaCount::get)
        .thenComparing(Comparator.naturalOrder());
  }

  private Comparator<String> byReplicasThenName() {
    return Comparator.<String>comparingInt(replicaCount::get).thenComparing(Comparator.naturalOrder());
  }
}
