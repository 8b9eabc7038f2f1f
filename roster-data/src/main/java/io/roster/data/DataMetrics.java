package io.roster.data;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.roster.data.slot.SlotRole;
import java.util.Collection;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * What a data node exports. Counters are counted on the store threads (they are thread-safe);
 * gauges are summed, when scraped, over the status each store thread last published.
 */
final class DataMetrics {

  final Counter writes;
  final Counter changes;
  final Counter refusedBatches;
  final Counter syncParts;
  final Counter repairs;
  final Counter takeovers;
  final Counter lateSyncs;
  final Counter replicaSteps;
  final Counter replicaRepairs;
  final Counter ownerChecks;
  final Counter relistedSessions;

  DataMetrics(PrometheusRegistry registry, Supplier<Collection<DataShard.Status>> shards) {
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
    GaugeWithCallback.builder().name("roster_data_slots").help("slots held here, by role")
        .labelNames("role").callback(cb -> {
          for (SlotRole role : SlotRole.values()) {
            cb.call(sum(shards, s -> s.roles()[role.ordinal()]), role.name());
          }
        }).register(registry);
    replicaSteps = Counter.builder().name("roster_data_replica_steps_total")
        .help("replication steps and catch-up parts applied here as a follower").register(registry);
    replicaRepairs = Counter.builder().name("roster_data_replica_repairs_total")
        .help("datums a periodic comparison found different at a follower, and repaired (a slot"
            + " leader counts them)").register(registry);
    ownerChecks = Counter.builder().name("roster_data_session_checks_total")
        .help("(slot, session) digests sent to sessions for comparison; a session that differs"
            + " resyncs the slot, counted in roster_data_sync_repairs_total").register(registry);
    relistedSessions = Counter.builder().name("roster_data_sessions_relisted_total")
        .help("session incarnations meta listed again after it had evicted or replaced them, each"
            + " then asked for its full set of publishers (counted once per store thread)").register(registry);
    GaugeWithCallback.builder().name("roster_data_replicas_behind")
        .help("replicas not caught up: side=follower counts slots followed here that lag their"
            + " leader, side=leader counts followers of slots led here that are not streaming")
        .labelNames("side").callback(cb -> {
          cb.call(sum(shards, s -> s.laggingSlots().size()), "follower");
          cb.call(sum(shards, DataShard.Status::followersBehindCount), "leader");
        }).register(registry);
    GaugeWithCallback.builder().name("roster_data_publishers").help("publishers held")
        .callback(cb -> cb.call(sum(shards, DataShard.Status::publishers))).register(registry);
    GaugeWithCallback.builder().name("roster_data_datums").help("dataInfoIds held")
        .callback(cb -> cb.call(sum(shards, DataShard.Status::datums))).register(registry);
  }

  private static double sum(Supplier<Collection<DataShard.Status>> shards, ToLongFunction<DataShard.Status> each) {
    return DataShard.Status.sum(shards.get(), each);
  }
}
