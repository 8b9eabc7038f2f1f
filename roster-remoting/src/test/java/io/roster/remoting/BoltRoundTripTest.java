package io.roster.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.util.Version;
import io.roster.protocol.data.DatumQuery;
import io.roster.protocol.data.HelloReply;
import io.roster.protocol.data.SessionHello;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bolt 1.6.12 on the pinned Netty 4.1 line, both directions, through the allowlist. */
class BoltRoundTripTest {

  private final BoltServer server = new BoltServer("127.0.0.1", 0);
  private final BoltClient client = new BoltClient(1000);
  private final List<Peer> serverSidePeers = new CopyOnWriteArrayList<>();
  private final AtomicInteger gadgetsHandled = new AtomicInteger();
  private final List<Peer> clientSideSenders = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    server.handle(SessionHello.class, (hello, from, reply) -> {
      serverSidePeers.add(from);
      reply.send(new HelloReply(hello.sessionIncarnation() + 1));
    });
    server.handle(Gadget.class, (gadget, from, reply) -> {
      gadgetsHandled.incrementAndGet();
      reply.send(new HelloReply(0));
    });
    server.start();
    client.handle(DatumQuery.class, (query, from, reply) -> {
      clientSideSenders.add(from);
      reply.send(new HelloReply(query.slotEpoch()));
    });
    client.start();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void runsOnThePinnedNettyLine() {
    assertThat(Version.identify().get("netty-transport").artifactVersion()).startsWith("4.1.137");
  }

  @Test
  void requestAndAnswerCrossAnEphemeralPort() throws Exception {
    assertThat(server.port()).isPositive();
    Object reply = client.invoke("127.0.0.1:" + server.port(), new SessionHello("s", 41), 3000)
        .get(5, TimeUnit.SECONDS);
    assertThat(reply).isInstanceOf(HelloReply.class);
    assertThat(((HelloReply) reply).dataIncarnation()).isEqualTo(42);
  }

  @Test
  void serverCanInvokeBackOnTheClientsConnection() throws Exception {
    client.invoke("127.0.0.1:" + server.port(), new SessionHello("s", 1), 3000).get(5, TimeUnit.SECONDS);
    Peer back = serverSidePeers.get(0);
    Object reply = back.invoke(new DatumQuery("x", 7), 3000).get(5, TimeUnit.SECONDS);
    assertThat(((HelloReply) reply).dataIncarnation()).isEqualTo(7);
  }

  @Test
  void aMessageFromTheServerIsKnownToComeOverTheConnectionDialedToIt() throws Exception {
    String address = "127.0.0.1:" + server.port();
    client.invoke(address, new SessionHello("s", 1), 3000).get(5, TimeUnit.SECONDS);
    serverSidePeers.get(0).invoke(new DatumQuery("x", 7), 3000).get(5, TimeUnit.SECONDS);
    Peer sender = clientSideSenders.get(0);
    assertThat(client.isConnectionTo(address, sender)).isTrue();
    assertThat(client.isConnectionTo("127.0.0.1:1", sender)).isFalse();
    assertThat(client.isConnectionTo(null, sender)).isFalse();
  }

  @Test
  void payloadNamingAClassOutsideTheAllowlistIsRefusedAndTheConnectionSurvives() throws Exception {
    String address = "127.0.0.1:" + server.port();
    assertThatThrownBy(() -> client.invoke(address, new Gadget(), 3000).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasStackTraceContaining("not allowed");
    assertThat(gadgetsHandled).hasValue(0);
    Object reply = client.invoke(address, new SessionHello("s", 1), 3000).get(5, TimeUnit.SECONDS);
    assertThat(reply).isInstanceOf(HelloReply.class);
  }

  @Test
  void serverHeartbeatIsAcknowledgedByALiveClient() throws Exception {
    client.invoke("127.0.0.1:" + server.port(), new SessionHello("s", 1), 3000).get(5, TimeUnit.SECONDS);
    Peer back = serverSidePeers.get(0);
    assertThat(back.ping(2000).get(5, TimeUnit.SECONDS)).isTrue();
    client.disconnect("127.0.0.1:" + server.port());
    await().atMost(Duration.ofSeconds(5)).until(() -> !back.isOpen());
    assertThat(back.ping(500).get(5, TimeUnit.SECONDS)).isFalse();
  }

  @Test
  void closeIsReportedToTheServerSide() throws Exception {
    List<String> closed = new CopyOnWriteArrayList<>();
    server.listen(peer -> closed.add(peer.id()));
    String address = "127.0.0.1:" + server.port();
    client.invoke(address, new SessionHello("s", 1), 3000).get(5, TimeUnit.SECONDS);
    client.disconnect(address);
    await().atMost(Duration.ofSeconds(5)).until(() -> closed.contains(serverSidePeers.get(0).id()));
  }

  /** Not in the allowlist: must never be built from a payload. */
  public static final class Gadget implements Serializable {
    private static final long serialVersionUID = 1L;
  }
}
