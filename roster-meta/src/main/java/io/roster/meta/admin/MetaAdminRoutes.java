package io.roster.meta.admin;

import io.roster.meta.membership.LeaseView;
import io.roster.meta.membership.Membership;
import io.roster.meta.raft.LeaderEndpoint;
import io.roster.meta.raft.RaftGroup;
import io.roster.model.SlotTable;
import io.roster.protocol.NodeRole;
import io.roster.remoting.guard.BoltGuard;
import io.roster.remoting.http.HttpAnswer;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.roster.remoting.http.HttpHost;
import io.roster.remoting.http.MetricsRoute;
import io.roster.remoting.http.HttpQuery;
import io.roster.remoting.tls.HttpTls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Meta's admin HTTP pages. They read the committed state and the leadership view, both immutable
 * snapshots published by other threads; only {@code /api/meta/nodes} asks the membership thread,
 * for a copy of the live leases, and waits at most {@link #LEASES_WAIT}. Every page accepts GET
 * only; a bad parameter is a 400 that says what was wrong.
 *
 * <p>The {@code /api/meta} pages are the leader's: on a follower {@link LeaderProxy} fetches them
 * from the leader, so no node answers from a replica that may lag. {@code /health/check} and
 * {@code /metrics} describe the node asked and are always answered locally.
 */
public final class MetaAdminRoutes {

  private static final Duration LEASES_WAIT = Duration.ofSeconds(2);

  private final RaftGroup raft;
  private final Membership membership;
  private final LeaderProxy proxy;
  private final List<BoltGuard> guards;

  /**
   * {@code selfHttp} is this node's advertised HTTP {@code host:port}; {@code tls}, the TLS of the
   * meta HTTP ports (null: plain), with which a follower forwards to the leader's; {@code guards}
   * are the frame guards of its bolt and raft ports, whose counts {@code /metrics} exports.
   */
  public MetaAdminRoutes(RaftGroup raft, Membership membership, String selfHttp, HttpTls tls,
      List<BoltGuard> guards) {
    this.raft = raft;
    this.membership = membership;
    this.guards = List.copyOf(guards);
    this.proxy = new LeaderProxy(raft::isLeading, raft::leader, selfHttp, tls);
  }

  /** Gauges read the published, immutable raft state, so any scraping thread may read them. */
  private PrometheusRegistry metrics() {
    PrometheusRegistry registry = new PrometheusRegistry();
    GaugeWithCallback.builder().name("roster_meta_leader").help("1 when this node leads the raft group")
        .callback(cb -> cb.call(raft.isLeading() ? 1 : 0)).register(registry);
    GaugeWithCallback.builder().name("roster_meta_slot_table_epoch").help("epoch of the committed slot table")
        .callback(cb -> cb.call(raft.state().slotTable().epoch())).register(registry);
    GaugeWithCallback.builder().name("roster_meta_members").help("committed session and data members")
        .callback(cb -> cb.call(raft.state().members().size())).register(registry);
    BoltGuard.register(registry, guards);
    return registry;
  }

  /** Registers the routes on {@code http}; call before it starts. */
  public void bind(HttpHost http) {
    http.route("/health/check", q -> get(q, this::health));
    http.route("/api/meta/leader", proxy.forLeader(q -> get(q, this::leader)));
    http.route("/api/meta/slots", proxy.forLeader(q -> get(q, this::slots)));
    http.route("/api/meta/nodes", proxy.forLeader(q -> get(q, this::nodes)));
    http.route("/metrics", new MetricsRoute(metrics()));
  }

  private static HttpAnswer get(HttpQuery query, Function<HttpQuery, HttpAnswer> page) {
    if (!"GET".equals(query.method())) {
      return new HttpAnswer(405, "text/plain; charset=utf-8", "only GET is supported\n");
    }
    return page.apply(query);
  }

  private HttpAnswer health(HttpQuery query) {
    return raft.isReady() ? HttpAnswer.text("OK") : HttpAnswer.unavailable("meta has no raft leader yet");
  }

  /** {@code self}: whether the node the client asked leads (false when a follower forwarded). */
  private HttpAnswer leader(HttpQuery query) {
    String format = format(query, "text");
    boolean self = raft.isLeading() && query.header(LeaderProxy.FORWARDED_HEADER) == null;
    LeaderEndpoint leader = raft.leader();
    if (leader == null) {
      return HttpAnswer.unavailable("no meta leader known");
    }
    if (format.equals("text")) {
      return HttpAnswer.text(leader.boltAddress() + "\n");
    }
    return HttpAnswer.json("{\"bolt\":" + Json.quote(leader.boltAddress())
        + ",\"http\":" + Json.quote(leader.httpAddress())
        + ",\"raft\":" + Json.quote(leader.raftAddress())
        + ",\"term\":" + leader.term()
        + ",\"self\":" + self + "}\n");
  }

  /**
   * Per slot, its followers that have not caught up with the leader (as their heartbeats report),
   * so an operator sees which slots are down to fewer copies than configured.
   */
  private HttpAnswer slots(HttpQuery query) {
    String format = format(query, "json");
    Map<Integer, List<String>> behind = new TreeMap<>();
    liveLeases().ifPresent(leases -> leases.forEach(lease -> lease.laggingSlots().forEach(slot ->
        behind.computeIfAbsent(slot, k -> new ArrayList<>()).add(lease.member().address()))));
    SlotTable table = raft.state().slotTable();
    List<SlotTable.Slot> slots = table.slots();
    String slotParam = query.param("slot");
    if (slotParam != null) {
      int id = parseSlot(slotParam, slots.size());
      slots = List.of(slots.get(id));
    }
    if (format.equals("text")) {
      StringBuilder out = new StringBuilder("epoch " + table.epoch() + "\n");
      for (SlotTable.Slot slot : slots) {
        out.append(slot.id()).append(" leader=").append(slot.leader())
            .append(" leaderEpoch=").append(slot.leaderEpoch())
            .append(" followers=").append(String.join(",", slot.followers()))
            .append(" behind=").append(String.join(",", behindOf(slot, behind))).append('\n');
      }
      return HttpAnswer.text(out.toString());
    }
    StringJoiner items = new StringJoiner(",\n  ", "[\n  ", "\n]");
    items.setEmptyValue("[]");
    for (SlotTable.Slot slot : slots) {
      StringJoiner followers = new StringJoiner(",", "[", "]");
      slot.followers().forEach(f -> followers.add(Json.quote(f)));
      StringJoiner lagging = new StringJoiner(",", "[", "]");
      behindOf(slot, behind).forEach(f -> lagging.add(Json.quote(f)));
      items.add("{\"id\":" + slot.id() + ",\"leader\":" + Json.quote(slot.leader())
          + ",\"leaderEpoch\":" + slot.leaderEpoch()
          + ",\"followers\":" + followers + ",\"followersBehind\":" + lagging + "}");
    }
    return HttpAnswer.json("{\"epoch\":" + table.epoch() + ",\"slotCount\":" + table.slotCount()
        + ",\"nodes\":" + perNode(table) + ",\"slots\":" + items + "}\n");
  }

  /** The slot's followers that report it lagging; a report from a node no longer following is left out. */
  private static List<String> behindOf(SlotTable.Slot slot, Map<Integer, List<String>> behind) {
    List<String> reported = behind.getOrDefault(slot.id(), List.of());
    return slot.followers().stream().filter(reported::contains).toList();
  }

  /** The leader's leases, or empty when they cannot be read now (the page then omits them). */
  private Optional<List<LeaseView>> liveLeases() {
    try {
      return membership.leases().get(LEASES_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    }
  }

  private static String perNode(SlotTable table) {
    Map<String, int[]> counts = new TreeMap<>();
    for (SlotTable.Slot slot : table.slots()) {
      counts.computeIfAbsent(slot.leader(), k -> new int[2])[0]++;
      slot.followers().forEach(f -> counts.computeIfAbsent(f, k -> new int[2])[1]++);
    }
    StringJoiner nodes = new StringJoiner(",", "{", "}");
    counts.forEach((node, c) -> nodes.add(Json.quote(node) + ":{\"leaders\":" + c[0]
        + ",\"followers\":" + c[1] + "}"));
    return nodes.toString();
  }

  /** Only ever runs on the leader ({@link LeaderProxy}); the leases come from its membership. */
  private HttpAnswer nodes(HttpQuery query) {
    String roleParam = query.param("role");
    NodeRole role = null;
    if (roleParam != null) {
      try {
        role = NodeRole.valueOf(roleParam.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new HttpQuery.BadRequest("role must be DATA or SESSION, not '" + roleParam + "'");
      }
    }
    Optional<List<LeaseView>> leases;
    try {
      leases = membership.leases().get(LEASES_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HttpAnswer.unavailable("interrupted while reading the leases");
    } catch (ExecutionException | TimeoutException e) {
      return HttpAnswer.unavailable("the membership thread did not answer within "
          + LEASES_WAIT.toMillis() + " ms: " + e);
    }
    if (leases.isEmpty()) {
      return HttpAnswer.unavailable("this meta node stopped leading while answering; retry");
    }
    return HttpAnswer.json(NodesPage.render(raft.state().members(), leases.get(), role));
  }

  private static String format(HttpQuery query, String fallback) {
    String format = query.param("format", fallback).toLowerCase(Locale.ROOT);
    if (!format.equals("text") && !format.equals("json")) {
      throw new HttpQuery.BadRequest("format must be text or json, not '" + format + "'");
    }
    return format;
  }

  private static int parseSlot(String value, int slotCount) {
    try {
      int id = Integer.parseInt(value.trim());
      if (id >= 0 && id < slotCount) {
        return id;
      }
    } catch (NumberFormatException e) {
      // fall through to the same message
    }
    throw new HttpQuery.BadRequest("slot must be an integer in [0, " + slotCount + "), not '"
        + value + "'" + (slotCount == 0 ? " (no slot table yet)" : ""));
  }
}
