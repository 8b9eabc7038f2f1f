package io.roster.server.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

/**
 * The one line {@code roster start} prints when ready, e.g.
 * {@code Roster ready in 1234 ms: session bolt 9600 http 9603 | data bolt 9620 http 9622 | meta
 * bolt 9612 raft 9614 http 9615 | data dir ./var}. Scripts wait for it, so its shape is stable:
 * client-facing roles first.
 */
public final class ReadyLine {

  private ReadyLine() {}

  public static String format(long elapsedMillis, List<Role> roles, Path dataDir) {
    List<Role> ordered = new ArrayList<>(roles);
    // Session first: it is what clients use. Reverse of the start order.
    ordered.sort(Comparator.comparing(Role::name, Comparator.reverseOrder()));
    StringJoiner parts = new StringJoiner(" | ");
    for (Role role : ordered) {
      StringBuilder part = new StringBuilder(role.name().id());
      role.ports().forEach((purpose, port) ->
          part.append(' ').append(purpose).append(' ').append(port));
      parts.add(part);
    }
    parts.add("data dir " + dataDir);
    return "Roster ready in " + elapsedMillis + " ms: " + parts;
  }
}
