package io.roster.data;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.roster.data.slot.SlotMap;
import io.roster.data.slot.SlotRole;

/** What a data node exports. Updated on the store thread; the metrics themselves are thread-safe. */
final class DataMetrics {

  final Counter writes;
  final Counter changes;
  final Counter refusedBatches;
  final Counter syncParts;
  final Counter repairs;
  final Counter takeovers;
  final Counter lateSyncs;
  final Gauge publishers;
  final Gauge datums;
  final Gauge slots;
  final Counter replicaSteps;
  final Counter replicaRepairs;
  final Counter ownerChecks;
  final Gauge behind;

  DataMetrics(PrometheusRegistry registry) {
    writes = Counter.builder().name("roster_data_writes_total")
        .help("publisher writes applied (put, unregister, client off)").register(registry);
    changes = Counter.builder().name("roster_data_datum_changes_total")
        .help("datum versions issued, each announced to every session").register(registry);
    refusedBatches = Counter.builder().name("roster_data_refused_batches_total")
        .help("write batches refused, by reason").labelNames("status").register(registry);
    syncParts = Counter.builder().name("roster_data_sync_parts_total")
        .help("parts of session slot syncs applied (takeovers and repairs)").register(registry);
    repairs = Counter.builder().name("roster_data_sync_repairs_total")
        .help("datums a session sync changed on a slot that already served").register(registry);
    takeovers = Counter.builder().name("roster_data_takeovers_total")
        .help("slot takeovers finished: the slot serves as leader").register(registry);
    lateSyncs = Counter.builder().name("roster_data_sync_timeouts_total")
        .help("live sessions that did not finish a takeover sync in time").register(registry);
    slots = Gauge.builder().name("roster_data_slots").help("slots held here, by role")
        .labelNames("role").register(registry);
    replicaSteps = Counter.builder().name("roster_data_replica_steps_total")
        .help("replication steps and catch-up parts applied here as a follower").register(registry);
    replicaRepairs = Counter.builder().name("roster_data_replica_repairs_total")
        .help("datums a periodic comparison found different at a follower, and repaired (a slot"
            + " leader counts them)").register(registry);
    ownerChecks = Counter.builder().name("roster_data_session_checks_total")
        .help("(slot, session) digests sent to sessions for comparison; a session that differs"
            + " resyncs the slot, counted in roster_data_sync_repairs_total").register(registry);
    behind = Gauge.builder().name("roster_data_replicas_behind")
        .help("replicas not caught up: side=follower counts slots followed here that lag their"
            + " leader, side=leader counts followers of slots led here that are not streaming")
        .labelNames("side").register(registry);
    publishers = Gauge.builder().name("roster_data_publishers").help("publishers held").register(registry);
    datums = Gauge.builder().name("roster_data_datums").help("dataInfoIds held").register(registry);
  }

  void applied(int changeCount, SlotMap map) {
    changes.inc(changeCount);
    publishers.set(map.publisherCount());
    datums.set(map.datumCount());
  }

  void roles(SlotMap map) {
    for (SlotRole role : SlotRole.values()) {
      slots.labelValues(role.name()).set(map.count(role));
    }
    behind.labelValues("follower").set(map.laggingSlots().size());
    behind.labelValues("leader").set(map.followersBehind().values().stream().mapToInt(java.util.List::size).sum());
  }
}
