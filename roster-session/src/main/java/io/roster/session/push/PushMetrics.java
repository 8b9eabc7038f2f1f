package io.roster.session.push;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** What the push engine exports: every push, merge, retry and drop, and how long pushes take. */
public final class PushMetrics {

  final Counter pushes;
  final Counter merged;
  final Counter retries;
  final Counter dropped;
  final Counter repushed;
  final Counter leaderBehind;
  /** From the moment the session learned of a change until the client acknowledged its push. */
  final Histogram latency;

  public PushMetrics(PrometheusRegistry registry) {
    pushes = Counter.builder().name("roster_session_pushes_total")
        .help("ReceivedData pushes sent to clients").register(registry);
    merged = Counter.builder().name("roster_session_push_merged_total")
        .help("pushes replaced by a newer datum before they were sent").register(registry);
    retries = Counter.builder().name("roster_session_push_retries_total")
        .help("pushes sent again after a failure").register(registry);
    dropped = Counter.builder().name("roster_session_push_dropped_total")
        .help("pushes given up after the last retry or because the connection closed").register(registry);
    repushed = Counter.builder().name("roster_session_push_repairs_total")
        .help("pushes sent again by the pushed-version check: the subscriber was behind the datum"
            + " held here with nothing of it queued, in flight or waiting to retry").register(registry);
    leaderBehind = Counter.builder().name("roster_session_leader_behind_total")
        .help("datums a slot leader offered at or below a version this session already holds, with"
            + " other publishers; each makes the session resync the slot, which raises the"
            + " leader's versions above what was pushed").register(registry);
    latency = Histogram.builder().name("roster_session_push_latency_seconds")
        .help("change notice (or new subscriber) to client acknowledgement")
        .classicOnly()
        .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
        .register(registry);
  }
}
