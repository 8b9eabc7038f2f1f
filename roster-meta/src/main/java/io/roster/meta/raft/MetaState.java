package io.roster.meta.raft;

import io.roster.model.SlotTable;
import io.roster.protocol.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the meta raft group agrees on, as one immutable value. The state machine swaps in a
 * new instance per applied entry and publishes it through a volatile field, so any thread can
 * read a consistent view without locks while only jraft's FSM thread ever writes.
 *
 * <p>{@link #apply} is a pure function of (state, command, log index): replicas that apply the
 * same log reach the same state, and refusals (a stale epoch, a malformed table) are outcomes,
 * not exceptions.
 */
public final class MetaState {

  public static final MetaState EMPTY =
      new MetaState(SlotTable.EMPTY, List.of(), null, Collections.emptySortedMap());

  private final SlotTable slotTable;
  private final List<Member> members;
  private final LeaderEndpoint leader;
  private final SortedMap<String, String> switches;

  MetaState(SlotTable slotTable, List<Member> members, LeaderEndpoint leader,
      Map<String, String> switches) {
    this.slotTable = slotTable;
    List<Member> sorted = new ArrayList<>(members);
    sorted.sort(Comparator.comparing(Member::address));
    this.members = List.copyOf(sorted);
    this.leader = leader;
    this.switches = Collections.unmodifiableSortedMap(new TreeMap<>(switches));
  }

  /** The current slot table; its epoch is the log index it was applied at (0: none yet). */
  public SlotTable slotTable() {
    return slotTable;
  }

  /** Committed members, sorted by address. */
  public List<Member> members() {
    return members;
  }

  /** The last leader's announced endpoints, or null before any leader announced itself. */
  public LeaderEndpoint leader() {
    return leader;
  }

  public SortedMap<String, String> switches() {
    return switches;
  }

  /** The state after applying {@code command} at log {@code index}, and what to tell the proposer. */
  Applied apply(Command command, long index) {
    if (command instanceof Command.SetMembers set) {
      return ok(new MetaState(slotTable, dedupe(set.members()), leader, switches));
    }
    if (command instanceof Command.SetSlotTable set) {
      return applySlotTable(set, index);
    }
    if (command instanceof Command.AnnounceLeader announce) {
      return ok(new MetaState(slotTable, members, announce.endpoint(), switches));
    }
    Command.SetSwitch set = (Command.SetSwitch) command;
    if (set.key().isBlank()) {
      return new Applied(this, Outcome.of(Status.BAD_REQUEST, "blank switch key"));
    }
    TreeMap<String, String> next = new TreeMap<>(switches);
    if (set.value() == null) {
      next.remove(set.key());
    } else {
      next.put(set.key(), set.value());
    }
    return ok(new MetaState(slotTable, members, leader, next));
  }

  private Applied applySlotTable(Command.SetSlotTable set, long index) {
    if (set.expectedEpoch() != slotTable.epoch()) {
      return new Applied(this, Outcome.of(Status.EPOCH_MISMATCH,
          "table is at epoch " + slotTable.epoch() + ", proposal expected " + set.expectedEpoch()));
    }
    String problem = validate(set.slots());
    if (problem != null) {
      return new Applied(this, Outcome.of(Status.BAD_REQUEST, problem));
    }
    return ok(new MetaState(new SlotTable(index, stampLeaderEpochs(set.slots(), index)), members,
        leader, switches));
  }

  /**
   * A slot keeps its leader epoch while its leader stays; a slot whose leader changed (or every
   * slot, when the slot count changed) gets {@code index}. Deterministic, so every replica of the
   * state machine stamps the same epochs.
   */
  private List<SlotTable.Slot> stampLeaderEpochs(List<SlotTable.Slot> placed, long index) {
    boolean sameCount = slotTable.slotCount() == placed.size();
    List<SlotTable.Slot> stamped = new ArrayList<>(placed.size());
    for (SlotTable.Slot slot : placed) {
      SlotTable.Slot before = sameCount ? slotTable.slot(slot.id()) : null;
      boolean kept = before != null && before.leader().equals(slot.leader()) && before.leaderEpoch() > 0;
      stamped.add(slot.withLeaderEpoch(kept ? before.leaderEpoch() : index));
    }
    return stamped;
  }

  /** Why {@code slots} is not a valid table, or null when it is. */
  static String validate(List<SlotTable.Slot> slots) {
    if (slots.isEmpty() || Integer.bitCount(slots.size()) != 1) {
      return "slot count must be a positive power of two: " + slots.size();
    }
    for (int i = 0; i < slots.size(); i++) {
      SlotTable.Slot slot = slots.get(i);
      if (slot.id() != i) {
        return "slot at position " + i + " has id " + slot.id();
      }
      if (slot.leader() == null || slot.leader().isEmpty()) {
        return "slot " + i + " has no leader";
      }
      Set<String> replicas = new HashSet<>();
      replicas.add(slot.leader());
      for (String follower : slot.followers()) {
        if (!replicas.add(follower)) {
          return "slot " + i + " places two replicas on " + follower;
        }
      }
    }
    return null;
  }

  private static List<Member> dedupe(List<Member> members) {
    Map<String, Member> byAddress = new TreeMap<>();
    for (Member member : members) {
      byAddress.put(member.address(), member);
    }
    return new ArrayList<>(byAddress.values());
  }

  private static Applied ok(MetaState state) {
    return new Applied(state, Outcome.ok());
  }

  @Override
  public String toString() {
    return "MetaState{" + slotTable + ", members=" + members.size() + ", leader=" + leader
        + ", switches=" + switches.keySet() + "}";
  }

  /** A state transition and the proposer's answer. */
  record Applied(MetaState state, Outcome outcome) {}
}
