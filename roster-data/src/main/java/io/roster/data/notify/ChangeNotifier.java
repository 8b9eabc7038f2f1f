package io.roster.data.notify;

import io.roster.data.store.Change;
import io.roster.protocol.data.DatumChanged;
import io.roster.protocol.data.SessionHello;
import io.roster.remoting.Peer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every session that said hello which datums changed. Notices go back on the connection
 * the session opened; data never dials a session. A notice that cannot be sent is not retried
 * here: the session refetches when it reconnects and says hello again. Owned by the store thread.
 */
public final class ChangeNotifier {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeNotifier.class);

  private final Map<String, Peer> sessions = new HashMap<>();
  private long dropped;

  public void hello(Peer peer, SessionHello hello) {
    sessions.put(peer.id(), peer);
    LOG.info("session {}#{} connected from {}", hello.sessionAddress(), hello.sessionIncarnation(), peer.remoteAddress());
  }

  public void closed(Peer peer) {
    sessions.remove(peer.id());
  }

  public void publish(List<Change> changes) {
    if (changes.isEmpty() || sessions.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>(changes.size());
    List<Long> versions = new ArrayList<>(changes.size());
    for (Change c : changes) {
      ids.add(c.dataInfoId());
      versions.add(c.version());
    }
    DatumChanged notice = new DatumChanged(ids, versions);
    for (Peer peer : sessions.values()) {
      if (!peer.oneway(notice)) {
        dropped++;
      }
    }
  }

  public int sessionCount() {
    return sessions.size();
  }

  public long droppedNotices() {
    return dropped;
  }
}
