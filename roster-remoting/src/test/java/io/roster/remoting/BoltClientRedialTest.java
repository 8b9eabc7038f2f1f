package io.roster.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alipay.remoting.Connection;
import io.roster.protocol.data.HelloReply;
import io.roster.protocol.data.SessionHello;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection that closes while bolt is still setting it up (a peer, a proxy or a firewall that
 * resets it at once: a network blip) can be put into bolt's pool after its close was handled.
 * Bolt then hands out no connection for that address until its scanner removes the dead one,
 * seconds later; a heartbeat client dialing that way would miss its lease for as long.
 */
class BoltClientRedialTest {

  private final BoltServer server = new BoltServer("127.0.0.1", 0);
  private final BoltClient client = new BoltClient(1000);

  @BeforeEach
  void start() {
    server.handle(SessionHello.class, (hello, from, reply) ->
        reply.send(new HelloReply(hello.sessionIncarnation() + 1)));
    server.start();
    client.start();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void aDeadConnectionLeftInBoltsPoolIsReplacedAtTheNextInvoke() throws Exception {
    String address = "127.0.0.1:" + server.port();
    client.invoke(address, new SessionHello("s", 1), 3000).get(5, TimeUnit.SECONDS);
    Connection dead = client.connections().get(address);
    dead.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> !dead.isFine());
    // What the lost race leaves behind: the closed connection in the pool for that address.
    client.connections().add(dead, address);

    Object reply = client.invoke(address, new SessionHello("s", 41), 3000).get(5, TimeUnit.SECONDS);

    assertThat(reply).isInstanceOfSatisfying(HelloReply.class,
        r -> assertThat(r.dataIncarnation()).isEqualTo(42));
  }
}
