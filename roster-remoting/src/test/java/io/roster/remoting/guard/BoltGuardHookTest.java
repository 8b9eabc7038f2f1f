package io.roster.remoting.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.alipay.remoting.rpc.RpcServer;
import io.roster.protocol.data.HelloReply;
import io.roster.protocol.data.SessionHello;
import io.roster.remoting.BoltClient;
import io.roster.remoting.BoltServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guard inside a real bolt server: bolt 1.6.12 puts it in the pipeline through its extended
 * handler option (this test fails if an upgrade stops doing so), real traffic passes, and the
 * limits close what they must.
 */
class BoltGuardHookTest {

  private final BoltServer server = new BoltServer("127.0.0.1", 0,
      new GuardLimits(64 * 1024, 100, 3), "test");
  private final BoltClient client = new BoltClient(1000);
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    client.close();
    server.close();
  }

  private void start() {
    server.handle(SessionHello.class, (hello, from, reply) -> reply.send(new HelloReply(7)));
    server.start();
    client.start();
  }

  @Test
  void realRequestsPassAndAnOverflowingHeaderClosesItsConnection() throws Exception {
    start();
    Object reply = client.invoke("127.0.0.1:" + server.port(), new SessionHello("s", 1), 3000)
        .get(5, TimeUnit.SECONDS);
    assertThat(((HelloReply) reply).dataIncarnation()).isEqualTo(7);

    Socket attacker = connect();
    byte[] frame = new byte[40];
    ByteBuffer.wrap(frame).put((byte) 1).put((byte) 1).putShort((short) 1).put((byte) 1).putInt(1)
        .put((byte) 1).putInt(3000).putShort((short) 9).putShort((short) 0).putInt(2_147_483_639);
    attacker.getOutputStream().write(frame);
    await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer(attacker));
    assertThat(server.guard().refusedFrames()).isEqualTo(1);
    // The client's own connection was not disturbed.
    Object again = client.invoke("127.0.0.1:" + server.port(), new SessionHello("s", 2), 3000)
        .get(5, TimeUnit.SECONDS);
    assertThat(again).isInstanceOf(HelloReply.class);
  }

  @Test
  void anIpOverItsLimitIsClosedAtAcceptAndItsPlaceFreesOnClose() throws Exception {
    start();
    await().atMost(Duration.ofSeconds(5)).until(() -> server.guard().openConnections() == 0);
    List<Socket> three = List.of(connect(), connect(), connect());
    await().atMost(Duration.ofSeconds(5)).until(() -> server.guard().openConnections() == 3);
    Socket fourth = connect();
    await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer(fourth));
    assertThat(three).noneMatch(BoltGuardHookTest::closedByServer);
    assertThat(server.guard().refusedConnections()).isEqualTo(1);

    three.get(0).close();
    await().atMost(Duration.ofSeconds(5)).until(() -> server.guard().openConnections() == 2);
    Socket replacement = connect();
    await().atMost(Duration.ofSeconds(5)).until(() -> server.guard().openConnections() == 3);
    assertThat(closedByServer(replacement)).isFalse();
  }

  @Test
  void installingASecondGuardIsRefused() {
    RpcServer bolt = new RpcServer("127.0.0.1", 0, true);
    BoltGuard.install(bolt, GuardLimits.DEFAULT, "first");
    assertThatThrownBy(() -> BoltGuard.install(bolt, GuardLimits.DEFAULT, "second"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("extended channel handler");
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 3000);
    sockets.add(socket);
    return socket;
  }

  private static boolean closedByServer(Socket socket) {
    try {
      socket.setSoTimeout(1);
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // a heartbeat: read on
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
