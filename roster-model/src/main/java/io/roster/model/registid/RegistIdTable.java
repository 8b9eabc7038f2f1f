package io.roster.model.registid;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Entries keyed by registId, in an open-addressing table of plain references.
 *
 * <p>Why not {@code HashMap<String, E>}: per entry it costs a 32 B node plus the key string,
 * where this costs one array slot (4–8 B) and no key object, because each entry carries its own
 * registId as {@link RegistId} longs. Linear probing; removal shifts later entries back, so there
 * are no tombstones. Iteration order is arbitrary. Not thread-safe: one owner thread, like every
 * store that uses it.
 */
public final class RegistIdTable<E extends RegistIdTable.Keyed> {

  /** An entry that knows its own registId in stored form. */
  public interface Keyed {
    long idHigh();

    long idLow();

    /** Null when the registId is packed into {@link #idHigh()} and {@link #idLow()}. */
    String idText();
  }

  private Object[] slots;
  private int size;

  public RegistIdTable() {
    this(2);
  }

  public RegistIdTable(int expected) {
    slots = new Object[capacityFor(expected)];
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public E get(String registId) {
    int i = find(registId);
    return i < 0 ? null : entry(i);
  }

  /** The entry stored under the same registId as {@code key}, or null. */
  public E get(Keyed key) {
    int i = find(key.idHigh(), key.idLow(), key.idText());
    return i < 0 ? null : entry(i);
  }

  /** Adds or replaces the entry with the same registId; returns the one replaced, or null. */
  public E put(E e) {
    int i = find(e.idHigh(), e.idLow(), e.idText());
    if (i >= 0) {
      E previous = entry(i);
      slots[i] = e;
      return previous;
    }
    if ((size + 1) * 4L > slots.length * 3L) {
      resize(slots.length * 2);
    }
    insert(e);
    size++;
    return null;
  }

  public E remove(String registId) {
    int i = find(registId);
    if (i < 0) {
      return null;
    }
    E removed = entry(i);
    deleteAt(i);
    return removed;
  }

  /** Removes this very entry, if it is still the one stored for its registId. */
  public boolean removeExactly(E e) {
    int i = find(e.idHigh(), e.idLow(), e.idText());
    if (i < 0 || slots[i] != e) {
      return false;
    }
    deleteAt(i);
    return true;
  }

  public void forEach(Consumer<? super E> action) {
    for (Object slot : slots) {
      if (slot != null) {
        action.accept(cast(slot));
      }
    }
  }

  /** A snapshot, safe to iterate while the table changes. */
  public List<E> values() {
    List<E> values = new ArrayList<>(size);
    forEach(values::add);
    return values;
  }

  private int find(String registId) {
    if (RegistId.isPackable(registId)) {
      return find(RegistId.packedHigh(registId), RegistId.packedLow(registId), null);
    }
    return find(0L, 0L, registId);
  }

  private int find(long high, long low, String text) {
    int mask = slots.length - 1;
    for (int i = RegistId.hash(high, low, text) & mask; ; i = (i + 1) & mask) {
      Object slot = slots[i];
      if (slot == null) {
        return -1;
      }
      Keyed k = (Keyed) slot;
      if (k.idHigh() == high && k.idLow() == low
          && (text == null ? k.idText() == null : text.equals(k.idText()))) {
        return i;
      }
    }
  }

  private void insert(E e) {
    int mask = slots.length - 1;
    int i = home(e, mask);
    while (slots[i] != null) {
      i = (i + 1) & mask;
    }
    slots[i] = e;
  }

  /** Backward-shift deletion: later entries of the probe run move up, so lookups never stop early. */
  private void deleteAt(int hole) {
    int mask = slots.length - 1;
    for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
      int home = home(cast(slots[j]), mask);
      boolean homeBetween = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!homeBetween) {
        slots[hole] = slots[j];
        hole = j;
      }
    }
    slots[hole] = null;
    size--;
    if (slots.length > 8 && size * 8L < slots.length) {
      resize(slots.length / 2);
    }
  }

  private void resize(int capacity) {
    Object[] old = slots;
    slots = new Object[capacity];
    for (Object slot : old) {
      if (slot != null) {
        insert(cast(slot));
      }
    }
  }

  private int home(Keyed e, int mask) {
    return RegistId.hash(e.idHigh(), e.idLow(), e.idText()) & mask;
  }

  @SuppressWarnings("unchecked")
  private E entry(int i) {
    return (E) slots[i];
  }

  @SuppressWarnings("unchecked")
  private E cast(Object slot) {
    return (E) slot;
  }

  private static int capacityFor(int expected) {
    int capacity = 2;
    while (capacity * 3L < expected * 4L) {
      capacity <<= 1;
    }
    return capacity;
  }
}
