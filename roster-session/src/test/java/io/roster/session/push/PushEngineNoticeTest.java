package io.roster.session.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.ReceivedData;
import com.alipay.sofa.registry.core.model.Result;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.roster.model.DataInfoId;
import io.roster.model.SlotTable;
import io.roster.protocol.data.DatumChanged;
import io.roster.protocol.data.DatumQuery;
import io.roster.protocol.data.DatumReply;
import io.roster.protocol.data.DatumUnwatch;
import io.roster.protocol.data.HelloReply;
import io.roster.protocol.data.PayloadCodec;
import io.roster.protocol.data.SessionHello;
import io.roster.remoting.BoltClient;
import io.roster.remoting.BoltServer;
import io.roster.remoting.NamedThreads;
import io.roster.remoting.Peer;
import io.roster.remoting.testing.FakePeer;
import io.roster.session.route.SlotRouter;
import io.roster.session.store.Registration.Sub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Change notices that carry datums, against fake data nodes over real bolt: a datum sent along by
 * the slot's leader is pushed without a fetch, one from any other node is only an announcement,
 * one nobody here wants is unwatched, and no subscriber ever sees a version go backwards.
 */
class PushEngineNoticeTest {

  private static final String ID = new DataInfoId("svc", "DEFAULT_INSTANCE_ID", "DEFAULT_GROUP").toString();

  private final FakeDataNode leader = new FakeDataNode();
  private final FakeDataNode other = new FakeDataNode();
  private final BoltClient dataBolt = new BoltClient(1000);
  private final SlotRouter router = new SlotRouter();
  private final ScheduledExecutorService thread = NamedThreads.owner("test-push");
  private final List<String> leaderBehind = new CopyOnWriteArrayList<>();
  private final PushEngine push = new PushEngine("DefaultDataCenter", router, dataBolt, thread, () -> {},
      leaderBehind::add, new PushMetrics(new PrometheusRegistry()));
  private final FakePeer client = new FakePeer("client-1");

  @BeforeEach
  void start() throws Exception {
    client.answer = push -> {
      Result acked = new Result();
      acked.setSuccess(true);
      return acked;
    };
    dataBolt.handle(DatumChanged.class, (notice, from, reply) -> push.datumChanged(notice, from));
    dataBolt.start();
    leader.linkFrom(dataBolt);
    other.linkFrom(dataBolt);
    List<SlotTable.Slot> slots = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      slots.add(new SlotTable.Slot(i, leader.address(), List.of()));
    }
    router.update(new SlotTable(5, slots));
    leader.current.set(datum(ID, 100, "a"));
    push.subscriberAdded(new Sub("sub-1", ID, client.id(), 1, "svc", "DEFAULT_GROUP",
        "DEFAULT_INSTANCE_ID", "zone", "Z"), client);
    await().atMost(Duration.ofSeconds(5)).until(() -> Pushes.last(client).contains("a"));
  }

  @AfterEach
  void stop() {
    thread.shutdownNow();
    dataBolt.close();
    leader.server.close();
    other.server.close();
  }

  @Test
  void aDatumSentAlongByTheLeaderIsPushedWithoutAFetch() {
    int queries = leader.queries.get();
    leader.notifySession(ID, datum(ID, 200, "b"));
    await().atMost(Duration.ofSeconds(5)).until(() -> Pushes.last(client).contains("b"));
    assertThat(leader.queries.get()).isEqualTo(queries);
  }

  @Test
  void aDatumFromAnotherNodeIsOnlyAnnouncedAndTheLeaderIsAsked() {
    int queries = leader.queries.get();
    leader.current.set(datum(ID, 400, "from-leader"));
    other.notifySession(ID, datum(ID, 300, "stale-copy"));
    await().atMost(Duration.ofSeconds(5)).until(() -> Pushes.last(client).contains("from-leader"));
    assertThat(leader.queries.get()).isGreaterThan(queries);
    assertThat(Pushes.all(client)).doesNotContain("stale-copy");
  }

  @Test
  void aDatumNobodyHereWantsIsUnwatched() {
    String unwanted = new DataInfoId("nobody", "DEFAULT_INSTANCE_ID", "DEFAULT_GROUP").toString();
    leader.notifySession(unwanted, datum(unwanted, 500, "x"));
    await().atMost(Duration.ofSeconds(5)).until(() -> leader.unwatched.contains(unwanted));
  }

  @Test
  void aLeaderOfferingAnOlderVersionIsToldToResyncAndNothingIsPushed() {
    leader.notifySession(ID, datum(ID, 200, "b"));
    await().atMost(Duration.ofSeconds(5)).until(() -> Pushes.last(client).contains("b"));
    assertThat(leaderBehind).isEmpty();
    leader.notifySession(ID, datum(ID, 200, "b")); // the same datum again: normal
    leader.notifySession(ID, datum(ID, 150, "lower"));
    await().atMost(Duration.ofSeconds(5)).until(() -> leaderBehind.size() == 1);
    assertThat(leaderBehind).containsExactly(ID);
    assertThat(Pushes.all(client)).doesNotContain("lower");
  }

  @Test
  void theSameVersionWithOtherPublishersFromTheLeaderIsAlsoBehind() {
    leader.notifySession(ID, datum(ID, 200, "b"));
    await().atMost(Duration.ofSeconds(5)).until(() -> Pushes.last(client).contains("b"));
    leader.notifySession(ID, datum(ID, 200, "b-elsewhere"));
    await().atMost(Duration.ofSeconds(5)).until(() -> leaderBehind.size() == 1);
    assertThat(Pushes.all(client)).doesNotContain("b-elsewhere");
  }

  @Test
  void anOlderVersionFromANodeThatIsNotTheLeaderIsNotBehind() {
    leader.notifySession(ID, datum(ID, 200, "b"));
    await().atMost(Duration.ofSeconds(5)).until(() -> Pushes.last(client).contains("b"));
    other.notifySession(ID, datum(ID, 150, "stale"));
    leader.notifySession(ID, datum(ID, 300, "c"));
    await().atMost(Duration.ofSeconds(5)).until(() -> Pushes.last(client).contains("c"));
    assertThat(leaderBehind).isEmpty();
  }

  @Test
  void versionsNeverGoBackwards() {
    leader.notifySession(ID, datum(ID, 200, "b"));
    await().atMost(Duration.ofSeconds(5)).until(() -> Pushes.last(client).contains("b"));
    leader.notifySession(ID, datum(ID, 150, "older"));
    leader.notifySession(ID, datum(ID, 250, "c"));
    await().atMost(Duration.ofSeconds(5)).until(() -> Pushes.last(client).contains("c"));
    assertThat(Pushes.all(client)).doesNotContain("older");
    assertThat(Pushes.versions(client)).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void aPushGivenUpIsSentAgainByThePushedVersionCheck() throws Exception {
    client.open = false;
    client.answer = push -> {
      throw new IllegalStateException("connection reset");
    };
    leader.notifySession(ID, datum(ID, 200, "b"));
    await().atMost(Duration.ofSeconds(5)).until(() -> push.droppedCount() >= 1);
    // The connection recovers, but nothing changes on the datum that would push it again.
    client.open = true;
    client.answer = push -> {
      Result acked = new Result();
      acked.setSuccess(true);
      return acked;
    };
    assertThat(thread.submit(push::repushedCount).get()).isZero();

    thread.execute(push::recheckPushed);
    await().atMost(Duration.ofSeconds(5)).until(() -> Pushes.last(client).contains("b"));
    assertThat(thread.submit(push::repushedCount).get()).isEqualTo(1);
    thread.execute(push::recheckPushed);
    assertThat(thread.submit(push::repushedCount).get()).as("caught up: nothing to repair").isEqualTo(1);
  }

  private static DatumReply datum(String id, long version, String value) {
    return new DatumReply.Builder(id, version, 1).add("Z", PayloadCodec.encode(List.of(value))).build();
  }

  /** A data node that answers hello and fetches, records unwatches, and sends notices. */
  private static final class FakeDataNode {
    final BoltServer server = new BoltServer("127.0.0.1", 0);
    final AtomicReference<DatumReply> current = new AtomicReference<>();
    final AtomicInteger queries = new AtomicInteger();
    final List<String> unwatched = new CopyOnWriteArrayList<>();
    final AtomicReference<Peer> session = new AtomicReference<>();

    FakeDataNode() {
      server.handle(SessionHello.class, (hello, from, reply) -> {
        session.set(from);
        reply.send(new HelloReply(1));
      });
      server.handle(DatumQuery.class, (query, from, reply) -> {
        queries.incrementAndGet();
        reply.send(current.get());
      });
      server.handle(DatumUnwatch.class, (unwatch, from, reply) -> unwatched.addAll(unwatch.dataInfoIds()));
      server.start();
    }

    String address() {
      return "127.0.0.1:" + server.port();
    }

    void linkFrom(BoltClient client) throws Exception {
      client.invoke(address(), new SessionHello("s:1", 1), 3000).get(5, TimeUnit.SECONDS);
    }

    void notifySession(String id, DatumReply datum) {
      session.get().oneway(new DatumChanged(List.of(id), List.of(datum.version()), List.of(datum)));
    }
  }

  /** The pushes a client connection was sent, in order. */
  private static final class Pushes {
    static List<ReceivedData> of(FakePeer client) {
      return client.requests.stream().map(ReceivedData.class::cast).toList();
    }

    static List<String> last(FakePeer client) {
      List<ReceivedData> pushes = of(client);
      return pushes.isEmpty() ? List.of() : values(pushes.get(pushes.size() - 1));
    }

    static List<String> all(FakePeer client) {
      return of(client).stream().flatMap(p -> values(p).stream()).toList();
    }

    static List<Long> versions(FakePeer client) {
      return of(client).stream().map(ReceivedData::getVersion).toList();
    }

    private static List<String> values(ReceivedData data) {
      return data.getData().values().stream().flatMap(List::stream).map(DataBox::getData).toList();
    }
  }
}
