package io.roster.session.push;

import io.roster.protocol.data.DatumReply;
import io.roster.protocol.data.PublisherView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the versions a slot's leader offers, for {@link PushEngine}, on the push thread.
 *
 * <p>A client takes a push only if its version is above the one it has. So a leader that offers a
 * version below the one held here, or the same version with other publishers, has issued a
 * version at or below one this session may have pushed, and no subscriber would take it, nor any
 * change after it until its version passes ours. A new leader can do that in the moment before the
 * old one stops: its copy lags by the steps in flight, and versions are clock based. The remedy is
 * a resync of the slot, which reports the versions held here; the leader raises its own above
 * them and announces them. Seeing the same datum twice is normal and changes nothing.
 */
final class LeaderVersionCheck {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderVersionCheck.class);

  private final Consumer<String> resyncSlotOf;
  private final PushMetrics metrics;

  LeaderVersionCheck(Consumer<String> resyncSlotOf, PushMetrics metrics) {
    this.resyncSlotOf = resyncSlotOf;
    this.metrics = metrics;
  }

  /** A datum from the slot's leader, fetched or sent along with a notice, before it is adopted. */
  void offered(Interest interest, DatumReply datum) {
    if (interest.datum == null || datum.version() > interest.datumVersion()) {
      return;
    }
    if (datum.version() < interest.datumVersion() || !samePublishers(interest.publishers, datum)) {
      behind(interest, datum.version());
    }
  }

  /** The leader offered {@code version}, below the one held: resync the slot. */
  void behind(Interest interest, long version) {
    metrics.leaderBehind.inc();
    LOG.info("slot leader offered {} at v{} while v{} is held here; resyncing its slot", interest.dataInfoId,
        version, interest.datumVersion());
    resyncSlotOf.accept(interest.dataInfoId);
  }

  private static boolean samePublishers(List<PublisherView> held, DatumReply datum) {
    if (datum.publisherCount() != held.size()) {
      return false;
    }
    try {
      List<String> theirs = new ArrayList<>(held.size());
      datum.publishers().forEach(p -> theirs.add(p.zone() + "\0" + p.payload()));
      List<String> ours = new ArrayList<>(held.size());
      held.forEach(p -> ours.add(p.zone() + "\0" + p.payload()));
      Collections.sort(theirs);
      Collections.sort(ours);
      return theirs.equals(ours);
    } catch (IllegalArgumentException corrupt) {
      return true; // unreadable: adopting it fails and it is fetched again
    }
  }
}
