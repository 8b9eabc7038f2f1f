package io.roster.it;

import static io.roster.it.support.RawRegistrations.REGISTER;
import static io.roster.it.support.RawRegistrations.call;
import static io.roster.it.support.RawRegistrations.describe;
import static io.roster.it.support.RawRegistrations.publisher;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.RegisterResponse;
import io.roster.client.auth.RegistrationSignature;
import io.roster.it.support.Closer;
import io.roster.it.support.OfficialClient;
import io.roster.it.support.Sub;
import io.roster.remoting.BoltClient;
import io.roster.session.accept.ClientAuth;
import io.roster.testkit.Await;
import io.roster.testkit.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session with client authentication on: official 6.3.0 clients given a RosterAuthManager and
 * the right keys register and see each other; the same client with a wrong secret, an unknown
 * access key or no AuthManager is refused ({@code success=true, refused=true}, a message) and
 * nothing it sent reaches any view.
 */
class ClientAuthIT {

  private static final Duration SEEN = Duration.ofSeconds(5);

  @TempDir
  static Path root;

  static LocalCluster cluster;

  private final Closer closer = new Closer();

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.builder(root).datas(1).sessions(1)
        .clientAuth(new ClientAuth(Map.of("orders", "orders-secret", "billing", "billing-secret"),
            ClientAuth.DEFAULT_MAX_SKEW))
        .start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void cleanUp() {
    closer.closeAll();
  }

  @Test
  void clientsWithTheRightKeysRegisterAndSeeEachOther() {
    OfficialClient orders = closer.add(client().signedWith("orders", "orders-secret").build());
    OfficialClient billing = closer.add(client().signedWith("billing", "billing-secret").build());
    Sub sub = billing.subscribe("auth-orders");
    orders.publish("auth-orders", "10.0.0.1:8080");
    sub.awaitValues(SEEN, "10.0.0.1:8080");

    Publisher second = orders.publish("auth-orders", "10.0.0.2:8080");
    sub.awaitValues(SEEN, "10.0.0.1:8080", "10.0.0.2:8080");
    second.republish("10.0.0.3:8080");
    sub.awaitValues(SEEN, "10.0.0.1:8080", "10.0.0.3:8080");
    second.unregister();
    sub.awaitValues(SEEN, "10.0.0.1:8080");
  }

  @Test
  void aWrongSecretAnUnknownKeyOrNoSignatureIsRefusedAndReachesNoView() {
    OfficialClient good = closer.add(client().signedWith("orders", "orders-secret").build());
    Sub sub = good.subscribe("auth-refused");
    good.publish("auth-refused", "good");
    sub.awaitValues(SEEN, "good");

    OfficialClient wrongSecret = closer.add(client().signedWith("orders", "guessed").build());
    OfficialClient unknownKey = closer.add(client().signedWith("intruder", "orders-secret")
        .build());
    OfficialClient unsigned = closer.add(client().build());
    Publisher[] refused = {wrongSecret.publish("auth-refused", "forged-1"),
        unknownKey.publish("auth-refused", "forged-2"), unsigned.publish("auth-refused", "forged-3")};

    Await.until("the three unsigned or badly signed publishers refused", SEEN,
        () -> Arrays.stream(refused).allMatch(OfficialClient::refusedByServer));
    Sub unsignedSub = unsigned.subscribe("auth-refused");
    Await.until("the unsigned subscriber refused", SEEN,
        () -> OfficialClient.refusedByServer(unsignedSub.subscriber()));
    good.publish("auth-refused", "good-2");
    sub.awaitValues(SEEN, "good", "good-2");
    assertThat(unsignedSub.peekValues()).as("a refused subscriber gets no push").isEmpty();
    assertThat(OfficialClient.refusedByServer(sub.subscriber())).isFalse();
  }

  @Test
  void refusalsAreSuccessTrueRefusedTrueWithAMessageSayingWhy() {
    BoltClient bolt = closer.add(new BoltClient(3_000));
    bolt.start();
    String session = cluster.sessionBoltAddress(0);

    RegisterResponse unsigned = call(bolt, session, register("auth-raw"));
    assertRefused(unsigned, "signed registrations");

    PublisherRegister stale = register("auth-raw");
    stale.setAttributes(new HashMap<>(RegistrationSignature.attributes("orders", "orders-secret",
        System.currentTimeMillis() - Duration.ofMinutes(10).toMillis(), stale)));
    assertRefused(call(bolt, session, stale), "from the session's clock");

    PublisherRegister wrong = register("auth-raw");
    wrong.setAttributes(new HashMap<>(RegistrationSignature.attributes("orders", "guessed",
        System.currentTimeMillis(), wrong)));
    assertRefused(call(bolt, session, wrong), "signature does not match");

    PublisherRegister right = register("auth-raw");
    right.setAttributes(new HashMap<>(RegistrationSignature.attributes("orders", "orders-secret",
        System.currentTimeMillis(), right)));
    RegisterResponse accepted = call(bolt, session, right);
    assertThat(accepted.isSuccess()).as(describe(accepted)).isTrue();
    assertThat(accepted.isRefused()).as(describe(accepted)).isFalse();
  }

  private static PublisherRegister register(String dataId) {
    return publisher(dataId, UUID.randomUUID().toString(), 1, REGISTER, "raw");
  }

  private static void assertRefused(RegisterResponse r, String why) {
    assertThat(r.isSuccess()).as("success=true, so the client does not retry: %s", describe(r))
        .isTrue();
    assertThat(r.isRefused()).as("refused=true: %s", describe(r)).isTrue();
    assertThat(r.getMessage()).as(describe(r)).contains(why);
  }

  private static OfficialClient.Builder client() {
    return OfficialClient.to(cluster.sessionHttpPort(0));
  }
}
