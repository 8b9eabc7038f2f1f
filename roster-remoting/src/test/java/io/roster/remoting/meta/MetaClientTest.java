package io.roster.remoting.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roster.protocol.NodeRole;
import io.roster.protocol.Status;
import io.roster.protocol.meta.HeartbeatReply;
import io.roster.protocol.meta.NodeHeartbeat;
import io.roster.remoting.BoltClient;
import io.roster.remoting.BoltServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MetaClient} against fake meta nodes on real bolt servers. The heartbeat interval is long
 * (5 s), so a test that sees the leader reached within 2 s proves the client did not wait for it.
 */
class MetaClientTest {

  private static final Duration INTERVAL = Duration.ofSeconds(5);

  private final BoltClient bolt = new BoltClient(500);
  private final List<AutoCloseable> closers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closers) {
      c.close();
    }
    bolt.close();
  }

  @Test
  void aRedirectIsFollowedAtOnceNotAtTheNextInterval() {
    FakeMeta leader = meta(null);
    FakeMeta follower = meta(leader.address());
    AtomicInteger replies = new AtomicInteger();

    client(List.of(follower.address(), leader.address()), replies).start();

    await().atMost(Duration.ofSeconds(2)).until(() -> replies.get() == 1);
    assertThat(follower.heartbeats.get()).isEqualTo(1);
    assertThat(leader.heartbeats.get()).isEqualTo(1);
  }

  @Test
  void aRedirectToTheDeadOldLeaderDoesNotStallFindingTheNewOne() throws IOException {
    String dead = "127.0.0.1:" + closedPort();
    FakeMeta stale = meta(dead); // a follower whose election timer has not fired yet
    FakeMeta elected = meta(null);
    AtomicInteger replies = new AtomicInteger();

    client(List.of(stale.address(), dead, elected.address()), replies).start();

    await().atMost(Duration.ofSeconds(2)).until(() -> replies.get() == 1);
    assertThat(elected.heartbeats.get()).isEqualTo(1);
  }

  @Test
  void noLeaderAnywhereIsRetriedWithBackoffNotInALoop() {
    FakeMeta electing = meta(null);
    electing.status.set(Status.NOT_LEADER); // NOT_LEADER with no leader known: an election
    AtomicInteger replies = new AtomicInteger();

    client(List.of(electing.address()), replies).start();

    await().atMost(Duration.ofSeconds(2)).until(() -> electing.heartbeats.get() >= 3);
    electing.status.set(Status.OK);
    await().atMost(Duration.ofSeconds(3)).until(() -> replies.get() == 1);
    assertThat(electing.heartbeats.get()).as("backoff, not a hot loop").isLessThan(12);
  }

  private MetaClient client(List<String> metas, AtomicInteger replies) {
    bolt.start();
    MetaClient client = new MetaClient(metas, bolt,
        () -> new NodeHeartbeat(NodeRole.DATA, "127.0.0.1:9620", "", 1, 0), INTERVAL,
        reply -> replies.incrementAndGet(), "test-meta-heartbeat");
    closers.add(client);
    return client;
  }

  private FakeMeta meta(String redirectTo) {
    FakeMeta meta = new FakeMeta(redirectTo);
    closers.add(meta.server);
    return meta;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Answers OK, or NOT_LEADER naming {@code redirectTo}, or whatever {@code status} says. */
  private static final class FakeMeta {
    final BoltServer server = new BoltServer("127.0.0.1", 0);
    final AtomicInteger heartbeats = new AtomicInteger();
    final AtomicReference<Status> status = new AtomicReference<>();

    FakeMeta(String redirectTo) {
      server.handle(NodeHeartbeat.class, (heartbeat, from, reply) -> {
        heartbeats.incrementAndGet();
        Status forced = status.get();
        if (forced == Status.NOT_LEADER || (forced == null && redirectTo != null)) {
          reply.send(HeartbeatReply.notLeader(forced == null ? redirectTo : null));
        } else {
          reply.send(new HeartbeatReply(Status.OK, null, null, List.of(), List.of(), 5000));
        }
      });
      server.start();
    }

    String address() {
      return "127.0.0.1:" + server.port();
    }
  }
}
