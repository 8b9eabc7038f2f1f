package io.roster.data;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.roster.data.store.DatumStore;

/** What a data node exports. Updated on the store thread; the metrics themselves are thread-safe. */
final class DataMetrics {

  final Counter writes;
  final Counter changes;
  final Counter refusedBatches;
  final Gauge publishers;
  final Gauge datums;

  DataMetrics(PrometheusRegistry registry) {
    writes = Counter.builder().name("roster_data_writes_total")
        .help("publisher writes applied (put, unregister, client off)").register(registry);
    changes = Counter.builder().name("roster_data_datum_changes_total")
        .help("datum versions issued, each announced to every session").register(registry);
    refusedBatches = Counter.builder().name("roster_data_refused_batches_total")
        .help("write batches refused, by reason").labelNames("status").register(registry);
    publishers = Gauge.builder().name("roster_data_publishers").help("publishers held").register(registry);
    datums = Gauge.builder().name("roster_data_datums").help("dataInfoIds held").register(registry);
  }

  void applied(int writeCount, int changeCount, DatumStore store) {
    writes.inc(writeCount);
    changes.inc(changeCount);
    publishers.set(store.publisherCount());
    datums.set(store.datumCount());
  }
}
