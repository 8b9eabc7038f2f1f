package io.roster.model.registid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RegistIdTableTest {

  record Entry(long idHigh, long idLow, String idText, int value) implements RegistIdTable.Keyed {
    static Entry of(String registId, int value) {
      return new Entry(RegistId.high(registId), RegistId.low(registId), RegistId.textOrNull(registId), value);
    }

    String registId() {
      return RegistId.text(idHigh, idLow, idText);
    }
  }

  @Test
  void uuidsPackAndPrintBackExactly() {
    for (int i = 0; i < 1000; i++) {
      String id = UUID.randomUUID().toString();
      assertThat(RegistId.isPackable(id)).isTrue();
      assertThat(RegistId.text(RegistId.high(id), RegistId.low(id), RegistId.textOrNull(id))).isEqualTo(id);
    }
  }

  @Test
  void anythingElseStaysText() {
    String upper = UUID.randomUUID().toString().toUpperCase();
    for (String id : List.of(upper, "r1", "", "12345678-1234-1234-1234-12345678901g",
        "12345678+1234-1234-1234-123456789012", UUID.randomUUID() + "x")) {
      assertThat(RegistId.isPackable(id)).as(id).isFalse();
      assertThat(RegistId.text(RegistId.high(id), RegistId.low(id), RegistId.textOrNull(id))).isEqualTo(id);
    }
  }

  @Test
  void behavesLikeAHashMapUnderRandomOperations() {
    Random random = new Random(42);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      ids.add(i % 3 == 0 ? "text-" + i : new UUID(random.nextInt(8), random.nextLong()).toString());
    }
    RegistIdTable<Entry> table = new RegistIdTable<>();
    Map<String, Integer> expected = new HashMap<>();
    for (int step = 0; step < 50_000; step++) {
      String id = ids.get(random.nextInt(ids.size()));
      switch (random.nextInt(4)) {
        case 0, 1 -> {
          Entry previous = table.put(Entry.of(id, step));
          Integer was = expected.put(id, step);
          assertThat(previous == null ? null : previous.value()).isEqualTo(was);
        }
        case 2 -> {
          Entry removed = table.remove(id);
          Integer was = expected.remove(id);
          assertThat(removed == null ? null : removed.value()).isEqualTo(was);
        }
        default -> {
          Entry found = table.get(id);
          assertThat(found == null ? null : found.value()).isEqualTo(expected.get(id));
        }
      }
      assertThat(table.size()).isEqualTo(expected.size());
    }
    Map<String, Integer> actual = new HashMap<>();
    table.forEach(e -> actual.put(e.registId(), e.value()));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void idsBuiltToCollideInAnUnseededHashStillSpread() {
    // Every id here has the same high ^ rotl(low, 32), and the same String.hashCode shape.
    java.util.Set<Integer> hashes = new java.util.HashSet<>();
    java.util.Set<Integer> textHashes = new java.util.HashSet<>();
    for (long i = 0; i < 10_000; i++) {
      long high = i;
      long low = Long.rotateRight(i ^ 0x5DEECE66DL, 32);
      hashes.add(RegistId.hash(high, low, null));
      textHashes.add(RegistId.hash(0, 0, "Aa".repeat((int) (i % 8)) + "BB".repeat((int) (8 - i % 8)) + i / 8));
    }
    assertThat(hashes).hasSizeGreaterThan(9_900);
    assertThat(textHashes).hasSizeGreaterThan(9_900);
  }

  @Test
  void removeExactlyLeavesAReplacementAlone() {
    RegistIdTable<Entry> table = new RegistIdTable<>();
    String id = UUID.randomUUID().toString();
    Entry old = Entry.of(id, 1);
    table.put(old);
    table.put(Entry.of(id, 2));
    assertThat(table.removeExactly(old)).isFalse();
    assertThat(table.get(id).value()).isEqualTo(2);
  }

  @Test
  void removingMostEntriesShrinksAndKeepsTheRestFindable() {
    RegistIdTable<Entry> table = new RegistIdTable<>();
    for (int i = 0; i < 1000; i++) {
      table.put(Entry.of(UUID.randomUUID().toString(), i));
    }
    table.values().stream().filter(e -> e.value() % 10 != 0).forEach(table::removeExactly);
    assertThat(table.size()).isEqualTo(100);
    assertThat(table.values()).allMatch(e -> e.value() % 10 == 0);
    table.values().forEach(e -> assertThat(table.get(e.registId())).isSameAs(e));
  }
}
