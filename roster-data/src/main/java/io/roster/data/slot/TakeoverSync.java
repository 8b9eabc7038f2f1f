package io.roster.data.slot;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one takeover of one slot gathers until the slot serves: its deadline, the highest versions
 * the sessions reported, and which datums changed meanwhile (announced once the slot is ready).
 * Owned by the thread that owns the slot.
 */
final class TakeoverSync {

  final long startedNanos;
  final long deadlineNanos;
  final Map<String, Long> seenVersions = new HashMap<>();
  final Set<String> changed = new HashSet<>();

  TakeoverSync(long startedNanos, long deadlineNanos) {
    this.startedNanos = startedNanos;
    this.deadlineNanos = deadlineNanos;
  }

  void saw(String dataInfoId, long version) {
    seenVersions.merge(dataInfoId, version, Math::max);
  }
}
