package io.roster.meta.slots;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.model.SlotTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotAssignerTest {

  private static final String A = "10.0.0.1:9620";
  private static final String B = "10.0.0.2:9620";
  private static final String C = "10.0.0.3:9620";
  private static final String D = "10.0.0.4:9620";

  @Test
  void oneNodeLeadsEverySlotWithoutFollowers() {
    List<SlotTable.Slot> slots = SlotAssigner.assign(SlotTable.EMPTY, List.of(A), 256, 2);
    assertThat(slots).hasSize(256);
    for (int i = 0; i < 256; i++) {
      assertThat(slots.get(i).id()).isEqualTo(i);
      assertThat(slots.get(i).leader()).isEqualTo(A);
      assertThat(slots.get(i).followers()).isEmpty();
    }
  }

  @Test
  void noLiveNodeKeepsTheOldTableOrNone() {
    assertThat(SlotAssigner.assign(SlotTable.EMPTY, List.of(), 256, 2)).isEmpty();
    SlotTable old = table(SlotAssigner.assign(SlotTable.EMPTY, List.of(A, B), 256, 2));
    assertThat(SlotAssigner.assign(old, List.of(), 256, 2)).isEqualTo(old.slots());
  }

  @Test
  void threeNodesWithTwoReplicasAreBalancedFromScratch() {
    List<SlotTable.Slot> slots = SlotAssigner.assign(SlotTable.EMPTY, List.of(C, A, B), 256, 2);
    assertValid(slots, 2);
    assertSpread(leaders(slots), List.of(A, B, C), 1);
    assertSpread(replicas(slots), List.of(A, B, C), 1);
    assertThat(SlotAssigner.assign(table(slots), List.of(A, B, C), 256, 2))
        .as("a balanced table is a fixed point").isEqualTo(slots);
  }

  @Test
  void aLeavingNodesSlotsMoveAndTheRestStay() {
    SlotTable before = table(SlotAssigner.assign(SlotTable.EMPTY, List.of(A, B, C), 256, 2));
    List<SlotTable.Slot> after = SlotAssigner.assign(before, List.of(A, B), 256, 2);
    assertValid(after, 2);
    assertThat(replicas(after)).doesNotContainKey(C);
    assertSpread(leaders(after), List.of(A, B), 1);

    int untouchedChanged = 0;
    for (SlotTable.Slot old : before.slots()) {
      SlotTable.Slot now = after.get(old.id());
      if (old.leader().equals(C)) {
        assertThat(now.leader()).as("failover promotes the surviving follower")
            .isEqualTo(old.followers().get(0));
      } else if (!old.followers().contains(C)) {
        assertThat(members(now)).as("a slot without C keeps its replicas").isEqualTo(members(old));
        if (!now.leader().equals(old.leader())) {
          untouchedChanged++;
        }
      } else {
        assertThat(now.leader()).as("a slot C only followed keeps its leader").isEqualTo(old.leader());
      }
    }
    assertThat(untouchedChanged).as("leader swaps outside C's slots, only to rebalance").isLessThanOrEqualTo(2);
  }

  @Test
  void aJoiningNodeFollowsFirstAndLeadsOnlyInALaterRound() {
    SlotTable two = table(SlotAssigner.assign(
        table(SlotAssigner.assign(SlotTable.EMPTY, List.of(A), 256, 2)), List.of(A, B), 256, 2));
    two = table(SlotAssigner.assign(two, List.of(A, B), 256, 2));
    assertSpread(leaders(two.slots()), List.of(A, B), 1);

    List<SlotTable.Slot> round1 = SlotAssigner.assign(two, List.of(A, B, C), 256, 2);
    assertValid(round1, 2);
    assertThat(leaders(round1)).doesNotContainKey(C);
    int changed = 0;
    for (SlotTable.Slot slot : round1) {
      SlotTable.Slot old = two.slot(slot.id());
      assertThat(slot.leader()).as("no leader moves in the join round").isEqualTo(old.leader());
      if (!slot.equals(old)) {
        changed++;
        assertThat(slot.followers()).containsExactly(C);
      }
    }
    assertThat(changed).as("only the slots C takes a share of change")
        .isEqualTo(replicas(round1).get(C)).isBetween(170, 171);
    assertSpread(replicas(round1), List.of(A, B, C), 1);

    List<SlotTable.Slot> round2 = SlotAssigner.assign(table(round1), List.of(A, B, C), 256, 2);
    assertValid(round2, 2);
    assertSpread(leaders(round2), List.of(A, B, C), 1);
    for (SlotTable.Slot slot : round2) {
      assertThat(members(slot)).as("round 2 only swaps roles").isEqualTo(members(round1.get(slot.id())));
    }
    assertThat(SlotAssigner.assign(table(round2), List.of(A, B, C), 256, 2)).isEqualTo(round2);
  }

  @Test
  void replicasAreCappedByTheLiveNodeCountAndGrowBack() {
    List<SlotTable.Slot> slots = SlotAssigner.assign(SlotTable.EMPTY, List.of(A, B), 64, 3);
    assertValid(slots, 2);
    List<SlotTable.Slot> grown = SlotAssigner.assign(table(slots), List.of(A, B, C, D), 64, 3);
    assertValid(grown, 3);
    assertSpread(replicas(grown), List.of(A, B, C, D), 1);
  }

  @Test
  void singleCopyTablesMoveLeadershipDirectly() {
    SlotTable one = table(SlotAssigner.assign(SlotTable.EMPTY, List.of(A), 16, 1));
    List<SlotTable.Slot> slots = SlotAssigner.assign(one, List.of(A, B), 16, 1);
    assertValid(slots, 1);
    assertThat(leaders(slots)).containsEntry(A, 8).containsEntry(B, 8);
  }

  private static SlotTable table(List<SlotTable.Slot> slots) {
    return new SlotTable(1, slots);
  }

  private static void assertValid(List<SlotTable.Slot> slots, int copies) {
    for (SlotTable.Slot slot : slots) {
      assertThat(slot.followers()).hasSize(copies - 1);
      assertThat(members(slot)).as("distinct replicas in slot %d", slot.id()).hasSize(copies);
    }
  }

  private static void assertSpread(Map<String, Integer> counts, List<String> nodes, int spread) {
    List<Integer> values = new ArrayList<>();
    nodes.forEach(n -> values.add(counts.getOrDefault(n, 0)));
    int min = values.stream().mapToInt(Integer::intValue).min().orElseThrow();
    int max = values.stream().mapToInt(Integer::intValue).max().orElseThrow();
    assertThat(max - min).as("spread of %s", counts).isLessThanOrEqualTo(spread);
  }

  private static Set<String> members(SlotTable.Slot slot) {
    Set<String> members = new HashSet<>(slot.followers());
    members.add(slot.leader());
    return members;
  }

  private static Map<String, Integer> leaders(List<SlotTable.Slot> slots) {
    Map<String, Integer> counts = new HashMap<>();
    slots.forEach(s -> counts.merge(s.leader(), 1, Integer::sum));
    return counts;
  }

  private static Map<String, Integer> replicas(List<SlotTable.Slot> slots) {
    Map<String, Integer> counts = new HashMap<>();
    slots.forEach(s -> members(s).forEach(m -> counts.merge(m, 1, Integer::sum)));
    return counts;
  }
}
