package io.roster.session.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.model.ManualTicker;
import io.roster.protocol.data.PayloadCodec;
import io.roster.protocol.data.PublisherWrite;
import io.roster.protocol.data.PublisherWrite.Kind;
import io.roster.remoting.Peer;
import io.roster.remoting.testing.FakePeer;
import io.roster.session.store.Registration.Pub;
import io.roster.session.store.Registration.Sub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionStoreTest {

  private final List<PublisherWrite> forwarded = new ArrayList<>();
  private final List<String> subEvents = new ArrayList<>();
  private final ManualTicker ticker = new ManualTicker(1_000);
  private final SessionStore store = new SessionStore(new SessionStore.Sink() {
    @Override
    public void forward(PublisherWrite write) {
      forwarded.add(write);
    }

    @Override
    public void subscriberAdded(Sub sub, Peer peer) {
      subEvents.add("+" + sub.registId() + "@" + peer.id());
    }

    @Override
    public void subscriberRemoved(Sub sub) {
      subEvents.add("-" + sub.registId() + "@" + sub.connectId());
    }
  }, ticker, 2, Duration.ofMinutes(1).toNanos());

  private static Pub pub(String registId, FakePeer peer, long version) {
    return new Pub(registId, "d#@#i#@#g", peer.id(), version, 0, "Z", "app", PayloadCodec.encode(List.of("v" + version)));
  }

  private static Sub sub(String registId, FakePeer peer, long version) {
    return new Sub(registId, "d#@#i#@#g", peer.id(), version, "d", "g", "i", "zone", "Z");
  }

  @Test
  void publishForwardsAPutAndDuplicatesOrOlderVersionsForwardNothing() {
    FakePeer c1 = new FakePeer("c1");
    assertThat(store.publish(pub("r1", c1, 2), c1).refused()).isFalse();
    assertThat(store.publish(pub("r1", c1, 2), c1)).isEqualTo(RegisterOutcome.STALE);
    assertThat(store.publish(pub("r1", c1, 1), c1)).isEqualTo(RegisterOutcome.STALE);
    assertThat(forwarded).extracting(PublisherWrite::kind).containsExactly(Kind.PUT);
  }

  @Test
  void sameVersionOnANewConnectionTakesOverAndOldCloseRemovesNothing() {
    FakePeer c1 = new FakePeer("c1");
    FakePeer c2 = new FakePeer("c2");
    store.publish(pub("r1", c1, 3), c1);
    store.publish(pub("r1", c2, 3), c2);
    c1.open = false;
    store.connectionClosed(c1);
    assertThat(forwarded).extracting(PublisherWrite::kind).containsExactly(Kind.PUT, Kind.PUT);
    assertThat(forwarded.get(1).connectId()).isEqualTo("c2");
    assertThat(store.publisherCount()).isEqualTo(1);
  }

  @Test
  void connectionCloseSendsClientOffForEverythingItOwns() {
    FakePeer c1 = new FakePeer("c1");
    store.publish(pub("r1", c1, 1), c1);
    store.subscribe(sub("s1", c1, 1), c1);
    c1.open = false;
    store.connectionClosed(c1);
    assertThat(forwarded).extracting(PublisherWrite::kind).containsExactly(Kind.PUT, Kind.CLIENT_OFF);
    assertThat(subEvents).containsExactly("+s1@c1", "-s1@c1");
    assertThat(store.publisherCount()).isZero();
    assertThat(store.subscriberCount()).isZero();
  }

  @Test
  void registrationOnAClosedConnectionIsRefused() {
    FakePeer c1 = new FakePeer("c1");
    c1.open = false;
    RegisterOutcome outcome = store.publish(pub("r1", c1, 1), c1);
    assertThat(outcome.refused()).isTrue();
    assertThat(outcome.message()).contains("closed");
    assertThat(forwarded).isEmpty();
  }

  @Test
  void unregisterBuriesTheRegistIdAgainstLateRegisters() {
    FakePeer c1 = new FakePeer("c1");
    store.publish(pub("r1", c1, 2), c1);
    store.unpublish("r1", "d#@#i#@#g", 3, c1);
    assertThat(store.publish(pub("r1", c1, 2), c1)).isEqualTo(RegisterOutcome.STALE);
    assertThat(store.publisherCount()).isZero();
    assertThat(forwarded).extracting(PublisherWrite::kind).containsExactly(Kind.PUT, Kind.UNREGISTER);
  }

  @Test
  void publishersBeyondTheConnectionLimitAreRefusedWithAMessage() {
    FakePeer c1 = new FakePeer("c1");
    store.publish(pub("r1", c1, 1), c1);
    store.publish(pub("r2", c1, 1), c1);
    RegisterOutcome third = store.publish(pub("r3", c1, 1), c1);
    assertThat(third.refused()).isTrue();
    assertThat(third.message()).contains("limit is 2");
  }

  @Test
  void resubscribeOnANewConnectionMovesTheSubscriber() {
    FakePeer c1 = new FakePeer("c1");
    FakePeer c2 = new FakePeer("c2");
    store.subscribe(sub("s1", c1, 1), c1);
    store.subscribe(sub("s1", c2, 1), c2);
    store.connectionClosed(c1);
    assertThat(subEvents).containsExactly("+s1@c1", "-s1@c1", "+s1@c2");
    assertThat(store.subscriberCount()).isEqualTo(1);
  }

  @Test
  void putsBySlotGivesEveryHeldPublisherOfTheAskedSlotsAndAnEmptyListForTheRest() {
    FakePeer c1 = new FakePeer("c1");
    store.publish(pub("r1", c1, 1), c1);
    store.publish(pub("r2", c1, 1), c1);
    store.unpublish("r2", "d#@#i#@#g", 1, c1);
    int slot = io.roster.model.Slots.slotOf("d#@#i#@#g", 16);
    int other = (slot + 1) % 16;

    var bySlot = store.putsBySlot(java.util.Set.of(slot, other), 16);

    assertThat(bySlot.get(slot)).extracting(PublisherWrite::registId).containsExactly("r1");
    assertThat(bySlot.get(slot)).extracting(PublisherWrite::kind).containsOnly(Kind.PUT);
    assertThat(bySlot.get(other)).isEmpty();
  }
}
