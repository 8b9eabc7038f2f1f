package io.roster.session.http;

import io.roster.protocol.meta.NodeInfo;
import io.roster.remoting.http.HttpAnswer;
import io.roster.remoting.http.HttpQuery;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code GET /api/servers/query}: the session addresses a client should connect to, as
 * {@code ip:port;ip:port}. Sessions of the client's zone when there are any, else every session,
 * so that a client with a misconfigured zone still works.
 */
public final class ServerList {

  private static final int MAX_PARAM_LENGTH = 256;
  private static final List<String> PARAMS = List.of("env", "zone", "dataCenter", "appName", "instanceId");

  private final Supplier<List<NodeInfo>> sessions;
  private final Supplier<String> self;

  public ServerList(Supplier<List<NodeInfo>> sessions, Supplier<String> self) {
    this.sessions = sessions;
    this.self = self;
  }

  public HttpAnswer answer(HttpQuery query) {
    for (String name : PARAMS) {
      String value = query.param(name);
      if (value != null && (value.length() > MAX_PARAM_LENGTH || value.chars().anyMatch(Character::isISOControl))) {
        throw new HttpQuery.BadRequest("parameter " + name + " must be at most " + MAX_PARAM_LENGTH
            + " printable characters");
      }
    }
    List<NodeInfo> all = sessions.get();
    if (all.isEmpty()) {
      return HttpAnswer.text(self.get());
    }
    String zone = query.param("zone");
    List<NodeInfo> inZone = all.stream().filter(n -> n.zone() != null && n.zone().equals(zone)).toList();
    List<NodeInfo> chosen = inZone.isEmpty() ? all : inZone;
    return HttpAnswer.text(chosen.stream().map(NodeInfo::address).collect(Collectors.joining(";")));
  }
}
