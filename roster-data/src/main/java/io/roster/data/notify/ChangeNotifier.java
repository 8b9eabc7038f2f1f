package io.roster.data.notify;

import io.roster.data.store.Change;
import io.roster.protocol.data.DatumChanged;
import io.roster.protocol.data.DatumReply;
import io.roster.protocol.data.SessionHello;
import io.roster.remoting.Peer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every session that said hello which datums changed. Notices go back on the connection
 * the session opened; data never dials a session. A notice that cannot be sent is not retried
 * here: the session refetches when it reconnects and says hello again. Owned by the store thread.
 *
 * <p>A session that fetched a datum watches it: later notices carry that datum whole (up to
 * {@link #INLINE_LIMIT_BYTES}), so the session pushes without fetching. A session that no longer
 * wants one says so with {@code DatumUnwatch}; a closed connection forgets its watches.
 */
public final class ChangeNotifier {

  /** Bigger datums are announced only: the session fetches them, one fetch per datum at a time. */
  public static final int INLINE_LIMIT_BYTES = 64 * 1024;
  /** What one notice may carry along in all; a batch touching many datums announces the rest. */
  static final int NOTICE_BUDGET_BYTES = 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ChangeNotifier.class);

  private final Map<String, Session> sessions = new HashMap<>();
  private long dropped;

  public void hello(Peer peer, SessionHello hello) {
    sessions.put(peer.id(), new Session(peer, hello.sessionAddress() + "#" + hello.sessionIncarnation()));
    LOG.debug("session {}#{} connected from {}", hello.sessionAddress(), hello.sessionIncarnation(), peer.remoteAddress());
  }

  public void closed(Peer peer) {
    sessions.remove(peer.id());
  }

  /** The session on {@code peer} fetched this datum: send it along with its next changes. */
  public void watch(Peer peer, String dataInfoId) {
    Session session = sessions.get(peer.id());
    if (session != null) {
      session.watched.add(dataInfoId);
    }
  }

  public void unwatch(Peer peer, List<String> dataInfoIds) {
    Session session = sessions.get(peer.id());
    if (session != null) {
      dataInfoIds.forEach(session.watched::remove);
    }
  }

  /** After a slot-table change: keep only the watches of datums this node still leads. */
  public void retainWatches(Predicate<String> leads) {
    sessions.values().forEach(s -> s.watched.removeIf(id -> !leads.test(id)));
  }

  /**
   * Announces the changes. {@code reader} gives a changed datum whole to send along, or null when
   * it should only be announced (too big, or not led here); it is called once per change.
   */
  public void publish(List<Change> changes, Function<String, DatumReply> reader) {
    if (changes.isEmpty() || sessions.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>(changes.size());
    List<Long> versions = new ArrayList<>(changes.size());
    for (Change c : changes) {
      ids.add(c.dataInfoId());
      versions.add(c.version());
    }
    Map<String, Optional<DatumReply>> read = new HashMap<>();
    for (Session session : sessions.values()) {
      List<DatumReply> inline = new ArrayList<>();
      long budget = NOTICE_BUDGET_BYTES;
      for (String id : ids) {
        if (session.watched.contains(id)) {
          DatumReply datum = read.computeIfAbsent(id, i -> Optional.ofNullable(reader.apply(i))).orElse(null);
          if (datum != null && datum.packedSize() <= Math.min(INLINE_LIMIT_BYTES, budget)) {
            inline.add(datum);
            budget -= datum.packedSize();
          }
        }
      }
      if (!session.peer.oneway(new DatumChanged(ids, versions, inline))) {
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

  /** Each introduced session connection, with its {@code address#incarnation}. */
  public void forEachSession(BiConsumer<String, Peer> action) {
    sessions.values().forEach(s -> action.accept(s.owner, s.peer));
  }

  private static final class Session {
    final Peer peer;
    final String owner;
    final Set<String> watched = new HashSet<>();

    Session(Peer peer, String owner) {
      this.peer = peer;
      this.owner = owner;
    }
  }
}
