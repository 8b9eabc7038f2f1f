package io.roster.meta.slots;

import io.roster.model.SlotTable;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Computes the next slot assignment from the current one. A pure function, so every rule is
 * unit-testable and every meta node would compute the same answer.
 *
 * <p>One call is one <em>round</em>:
 * <ol>
 *   <li>Replicas on nodes that are no longer live are dropped. A slot that lost its leader
 *       promotes one of its surviving followers (the one leading the fewest slots); a slot that
 *       lost every replica gets the node leading the fewest slots.</li>
 *   <li>Each slot gets {@code min(replicas, live nodes) - 1} followers, taking the nodes holding
 *       the fewest replicas. A new node holds none, so it comes in here, as a follower.</li>
 *   <li>Follower roles move from the node holding the most replicas to the one holding the
 *       fewest until they differ by at most one. Leaders are never moved by this step.</li>
 *   <li>Leadership is balanced (counts differ by at most one where possible) only by swapping a
 *       leader with a follower that was <em>already</em> a follower of that slot in the input
 *       table. A node added as a follower in this round therefore cannot lead it before a later
 *       round; the caller decides when that round happens (meta waits until every live data node
 *       acknowledged the current epoch).</li>
 * </ol>
 * Each move is made only to reduce an imbalance of more than one, so a balanced table is a fixed
 * point and a change touches as few slots as the greedy steps allow (not a proven optimum).
 *
 * <p>Not done here: with {@code replicas == 1} there are no followers, so leadership moves
 * directly (the new leader rebuilds the slot from the sessions); zone-aware placement and weights
 * are not considered; a slot-count change restarts the assignment from scratch.
 */
public final class SlotAssigner {

  private SlotAssigner() {}

  /**
   * The slots of the next table.
   *
   * @param current the table in force ({@link SlotTable#EMPTY} if none)
   * @param liveDataNodes addresses of the data nodes that may hold replicas
   * @param slotCount slots in the table, a power of two
   * @param replicas copies per slot, leader included
   * @return the new slots; equal to {@code current.slots()} when nothing needs to change. With no
   *     live data node the current slots are kept (an empty list if there were none).
   */
  public static List<SlotTable.Slot> assign(SlotTable current, Collection<String> liveDataNodes,
      int slotCount, int replicas) {
    if (Integer.bitCount(slotCount) != 1) {
      throw new IllegalArgumentException("slotCount must be a power of two: " + slotCount);
    }
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be at least 1: " + replicas);
    }
    if (liveDataNodes.isEmpty()) {
      return current.slots();
    }
    TreeSet<String> live = new TreeSet<>(liveDataNodes);
    int copies = Math.min(replicas, live.size());
    Plan plan = Plan.of(current, live, slotCount);
    plan.repairLeaders();
    plan.sizeFollowers(copies - 1);
    plan.balanceReplicas();
    if (copies > 1) {
      plan.balanceLeadersBySwap();
    } else {
      plan.balanceLeadersByMove();
    }
    return plan.slots();
  }
}
