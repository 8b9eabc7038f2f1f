package io.roster.meta.admin;

import io.roster.meta.membership.LeaseView;
import io.roster.meta.raft.Member;
import io.roster.protocol.NodeRole;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * {@code /api/meta/nodes}: the committed members (raft state) and the live ones (leases in the
 * leader's memory), side by side. The two differ on purpose for a while: a node that joined or
 * restarted is live before its entry commits; a node that stopped heartbeating stays committed,
 * not live, until its eviction commits (or, after a meta leader change, until the new leader's
 * grace period ends). A restarted node therefore shows twice for a moment, once per incarnation.
 */
final class NodesPage {

  private NodesPage() {}

  /** One JSON object per distinct member, sorted by address then incarnation. */
  static String render(List<Member> committed, List<LeaseView> leases, NodeRole role) {
    Map<Member, Long> remaining = new LinkedHashMap<>();
    Map<Member, List<Integer>> lagging = new LinkedHashMap<>();
    leases.forEach(l -> {
      remaining.put(l.member(), l.remainingMillis());
      lagging.put(l.member(), l.laggingSlots());
    });
    Map<Member, Boolean> all = new TreeMap<>(Comparator.comparing(Member::address)
        .thenComparingLong(Member::incarnation).thenComparing(m -> m.role().name())
        .thenComparing(Member::zone));
    committed.forEach(m -> all.put(m, true));
    remaining.keySet().forEach(m -> all.putIfAbsent(m, false));
    StringJoiner items = new StringJoiner(",\n  ", "[\n  ", "\n]");
    items.setEmptyValue("[]");
    all.forEach((member, isCommitted) -> {
      if (role == null || member.role() == role) {
        Long left = remaining.get(member);
        items.add("{\"role\":" + Json.quote(member.role().name())
            + ",\"address\":" + Json.quote(member.address())
            + ",\"zone\":" + Json.quote(member.zone())
            + ",\"incarnation\":" + member.incarnation()
            + ",\"committed\":" + isCommitted
            + ",\"live\":" + (left != null)
            + ",\"leaseRemainingMillis\":" + (left == null ? "null" : left)
            + (member.role() == NodeRole.DATA && left != null
                ? ",\"laggingSlots\":" + lagging.get(member).toString().replace(" ", "") : "") + "}");
      }
    });
    return items + "\n";
  }
}
