package io.roster.bench;

import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.RegisterResponse;
import io.roster.remoting.BoltClient;
import io.roster.remoting.BoltServer;
import java.util.concurrent.TimeUnit;

/**
 * The round-trip floor: one registration against a handler that does nothing, over the same bolt
 * and Hessian stack on loopback. No registry can answer faster than this on this machine.
 */
final class FloorProbe {

  private FloorProbe() {}

  static Stats measure(int calls) throws Exception {
    try (BoltServer server = new BoltServer("127.0.0.1", 0); BoltClient client = new BoltClient(1000)) {
      server.handle(PublisherRegister.class, (request, from, reply) -> {
        RegisterResponse response = new RegisterResponse();
        response.setSuccess(true);
        response.setRegistId(request.getRegistId());
        response.setVersion(request.getVersion());
        reply.send(response);
      });
      server.start();
      client.start();
      String address = "127.0.0.1:" + server.port();
      PublisherRegister request = new PublisherRegister();
      request.setRegistId("floor");
      request.setDataId("floor");
      request.setVersion(1L);
      for (int i = 0; i < calls / 2; i++) {
        client.invoke(address, request, 3000).get(5, TimeUnit.SECONDS);
      }
      long[] samples = new long[calls];
      for (int i = 0; i < calls; i++) {
        long start = System.nanoTime();
        client.invoke(address, request, 3000).get(5, TimeUnit.SECONDS);
        samples[i] = System.nanoTime() - start;
      }
      return Stats.of(samples);
    }
  }
}
