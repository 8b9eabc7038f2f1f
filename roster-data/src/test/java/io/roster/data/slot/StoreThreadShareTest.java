package io.roster.data.slot;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.model.ManualTicker;
import io.roster.model.SlotTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How a data node's slots are shared among its store threads ({@link SlotMap#threadOf}). */
class StoreThreadShareTest {

  private static final String SELF = "10.0.0.1:9620";
  private static final String OTHER = "10.0.0.2:9620";

  @Test
  void everyThreadGetsAnEqualShare() {
    for (int slots : new int[] {16, 64, 256, 1024}) {
      for (int threads = 1; threads <= 8; threads++) {
        int[] counts = new int[threads];
        for (int slot = 0; slot < slots; slot++) {
          counts[SlotMap.threadOf(slot, slots, threads)]++;
        }
        IntSummaryStatistics stats = IntStream.of(counts).summaryStatistics();
        assertThat(stats.getMax() - stats.getMin()).as("%d slots on %d threads", slots, threads)
            .isLessThanOrEqualTo(1);
      }
    }
  }

  /** Two data nodes lead alternate slots; slot % threads would give one thread all of them. */
  @Test
  void alternateLeadersAreSpreadOverTheThreads() {
    int[] evenPerThread = new int[2];
    for (int slot = 0; slot < 256; slot += 2) {
      evenPerThread[SlotMap.threadOf(slot, 256, 2)]++;
    }
    assertThat(evenPerThread[0]).isBetween(40, 88);
    assertThat(evenPerThread[1]).isBetween(40, 88);
  }

  @Test
  void outOfRangeSlotsAndNoTableGoToThreadZero() {
    assertThat(SlotMap.threadOf(-1, 256, 4)).isZero();
    assertThat(SlotMap.threadOf(256, 256, 4)).isZero();
    assertThat(SlotMap.threadOf(5, 0, 4)).isZero();
  }

  @Test
  void aMapTakesOnlyItsThreadsSlots() {
    int slots = 64;
    int threads = 3;
    List<SlotTable.Slot> placed = new ArrayList<>();
    for (int i = 0; i < slots; i++) {
      placed.add(new SlotTable.Slot(i, i % 2 == 0 ? SELF : OTHER, List.of(i % 2 == 0 ? OTHER : SELF), 7));
    }
    for (int thread = 0; thread < threads; thread++) {
      SlotMap map = new SlotMap(SELF, new ManualTicker(0), Duration.ofMinutes(1).toNanos(),
          Duration.ofSeconds(5).toNanos(), Duration.ofSeconds(30).toNanos(), thread, threads);
      map.adopt(new SlotTable(3, placed));
      for (int slot = 0; slot < slots; slot++) {
        boolean mine = SlotMap.threadOf(slot, slots, threads) == thread;
        SlotRole expected = !mine ? SlotRole.NONE : slot % 2 == 0 ? SlotRole.SYNCING : SlotRole.FOLLOWER;
        assertThat(map.slot(slot).role()).as("slot %d on thread %d", slot, thread).isEqualTo(expected);
      }
    }
  }
}
