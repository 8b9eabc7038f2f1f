package io.roster.session.route;

import io.roster.protocol.data.HelloReply;
import io.roster.protocol.data.SessionHello;
import io.roster.remoting.BoltClient;
import io.roster.remoting.Peer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one introduced connection to every data node in the slot table. Data sends its change
 * notices back on the connection a session opened and introduced with {@link SessionHello}, so
 * a lost connection means lost notices: this re-dials every tick and, after each new hello,
 * reports whether the data node is a new incarnation (it lost its store and needs a resync) or
 * the same one (only notices may have been missed). Owned by its own thread, because dialing
 * blocks.
 */
public final class DataLinks {

  private static final Logger LOG = LoggerFactory.getLogger(DataLinks.class);
  private static final int HELLO_TIMEOUT_MILLIS = 3000;

  private final BoltClient bolt;
  private final SlotRouter router;
  private final Supplier<SessionHello> hello;
  private final BiConsumer<String, Boolean> linked;
  private final Map<String, String> introducedPeerByNode = new HashMap<>();
  private final Map<String, Long> incarnations = new HashMap<>();

  /**
   * @param linked told (data address, true if that node is a new incarnation) after each hello
   */
  public DataLinks(BoltClient bolt, SlotRouter router, Supplier<SessionHello> hello,
      BiConsumer<String, Boolean> linked) {
    this.bolt = bolt;
    this.router = router;
    this.hello = hello;
    this.linked = linked;
  }

  /** Dials and introduces itself to every data node that lacks a live, introduced connection. */
  public void tick() {
    for (String node : router.dataNodes()) {
      try {
        Peer peer = bolt.connect(node);
        if (!peer.id().equals(introducedPeerByNode.get(node))) {
          introduce(node, peer);
        }
      } catch (Exception e) {
        LOG.debug("cannot reach data {}: {}", node, e.toString());
      }
    }
  }

  private void introduce(String node, Peer peer) throws Exception {
    Object reply = peer.invoke(hello.get(), HELLO_TIMEOUT_MILLIS).get();
    if (!(reply instanceof HelloReply helloReply)) {
      throw new IllegalStateException("unexpected hello reply " + reply);
    }
    introducedPeerByNode.put(node, peer.id());
    Long previous = incarnations.put(node, helloReply.dataIncarnation());
    boolean newIncarnation = previous == null || previous != helloReply.dataIncarnation();
    LOG.info("linked to data {} (incarnation {}{})", node, helloReply.dataIncarnation(),
        newIncarnation ? ", new" : "");
    linked.accept(node, newIncarnation);
  }
}
