package io.roster.it;

import static io.roster.it.support.RawRegistrations.REGISTER;
import static io.roster.it.support.RawRegistrations.UNREGISTER;
import static io.roster.it.support.RawRegistrations.call;
import static io.roster.it.support.RawRegistrations.describe;
import static io.roster.it.support.RawRegistrations.publisher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.RegisterResponse;
import io.roster.it.support.Closer;
import io.roster.it.support.DataIds;
import io.roster.it.support.OfficialClient;
import io.roster.it.support.Sub;
import io.roster.remoting.BoltClient;
import io.roster.testkit.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registrations sent by hand (Roster's BoltClient speaking the client protocol) to control
 * registId, version and order exactly; the result is read through an official-client subscriber.
 *
 * <p>Ordering checks use a <em>barrier</em>: after the request under test, a second publisher
 * with its own registId is registered on the same connection and dataId. Once a subscriber's view
 * shows the barrier, the earlier request has been applied (or ignored) too, so the view can be
 * checked without waiting for a fixed time.
 */
class RawRegistrationIT {

  static final int MAX_PAYLOAD_BYTES = 1024;

  @TempDir
  static Path root;

  static LocalCluster cluster;

  final Closer closer = new Closer();
  BoltClient bolt;
  String session;

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.builder(root).datas(1).sessions(1).maxPayloadBytes(MAX_PAYLOAD_BYTES)
        .start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void connect() {
    bolt = closer.add(new BoltClient(3_000));
    bolt.start();
    session = cluster.sessionBoltAddress(0);
  }

  @AfterEach
  void cleanUp() {
    closer.closeAll();
  }

  Sub subscriber(String dataId) {
    return closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build()).subscribe(dataId);
  }

  RegisterResponse send(PublisherRegister request) {
    RegisterResponse response = call(bolt, session, request);
    assertThat(response.getVersion())
        .as("RegisterResponse.version must echo the request's version: %s", describe(response))
        .isEqualTo(request.getVersion().longValue());
    return response;
  }

  RegisterResponse sendAccepted(PublisherRegister request) {
    RegisterResponse response = send(request);
    assertThat(response.isSuccess()).as(describe(response)).isTrue();
    assertThat(response.isRefused()).as(describe(response)).isFalse();
    return response;
  }

  /**
   * A stale or duplicate write is not a transient failure: {@code success=false} would make the
   * official client retry it every 500 ms forever.
   */
  void sendStale(PublisherRegister request) {
    RegisterResponse response = send(request);
    assertThat(response.isSuccess()).as("stale/duplicate answered as success: %s",
        describe(response)).isTrue();
  }

  void barrier(String dataId, String value) {
    sendAccepted(publisher(dataId, UUID.randomUUID().toString(), 1, REGISTER, value));
  }

  @Test
  void olderVersionArrivingLateDoesNotReplaceNewer() {
    String dataId = DataIds.unique("raw-order");
    String registId = UUID.randomUUID().toString();
    Sub sub = subscriber(dataId);

    sendAccepted(publisher(dataId, registId, 2, REGISTER, "value-v2"));
    sub.awaitValues("value-v2");
    sendStale(publisher(dataId, registId, 1, REGISTER, "value-v1"));
    barrier(dataId, "barrier-1");

    sub.awaitValues("barrier-1", "value-v2");
    assertThat(sub.recorder().history()).as("views after the stale v1")
        .noneMatch(v -> v.values().contains("value-v1"));
  }

  @Test
  void duplicateRegistrationIsHarmless() {
    String dataId = DataIds.unique("raw-dup");
    String registId = UUID.randomUUID().toString();
    Sub sub = subscriber(dataId);

    sendAccepted(publisher(dataId, registId, 2, REGISTER, "value-v2"));
    RegisterResponse again = send(publisher(dataId, registId, 2, REGISTER, "value-v2"));
    assertThat(again.isSuccess()).as(describe(again)).isTrue();
    assertThat(again.isRefused()).as("a duplicate is not an error: %s", describe(again)).isFalse();
    barrier(dataId, "barrier-dup");

    sub.awaitValues("barrier-dup", "value-v2");
  }

  @Test
  void unregisterLeavesATombstoneThatALateRegisterCannotRevive() {
    String dataId = DataIds.unique("raw-tombstone");
    String registId = UUID.randomUUID().toString();
    Sub sub = subscriber(dataId);
    sendAccepted(publisher(dataId, registId, 2, REGISTER, "value-v2"));
    sub.awaitValues("value-v2");

    RegisterResponse removed = send(publisher(dataId, registId, 3, UNREGISTER));
    assertThat(removed.isSuccess()).as(describe(removed)).isTrue();
    sub.awaitEmpty();

    sendStale(publisher(dataId, registId, 2, REGISTER, "value-v2"));
    barrier(dataId, "barrier-tomb");

    // Views are full lists: had the late REGISTER revived v2, no view would be just the barrier.
    sub.awaitValues("barrier-tomb");
  }

  @Test
  void responsesEchoTheRequestVersionAndRegistId() {
    String dataId = DataIds.unique("raw-echo");
    String registId = UUID.randomUUID().toString();
    for (long version : new long[] {1, 7, 1L << 40}) {
      RegisterResponse r = sendAccepted(publisher(dataId, registId, version, REGISTER,
          "v" + version));
      assertThat(r.getRegistId()).as(describe(r)).isEqualTo(registId);
    }
    Sub sub = subscriber(dataId);
    sub.awaitValues("v" + (1L << 40));
  }

  // ------------------------------------------------------------------- invalid registrations

  @Test
  void emptyDataIdIsRefusedWithAMessage() {
    RegisterResponse r = send(publisher("", UUID.randomUUID().toString(), 1, REGISTER, "x"));
    assertRefused(r, "dataid");
  }

  @Test
  void missingRegistIdIsRefusedWithAMessage() {
    RegisterResponse r = send(publisher(DataIds.unique("no-registid"), null, 1, REGISTER, "x"));
    assertRefused(r, "registid");
  }

  @Test
  void oversizedPayloadIsRefusedWithAMessage() {
    String dataId = DataIds.unique("oversized");
    // Over the limit however it is counted (UTF-8 bytes, or UTF-16 chars x2).
    String big = "x".repeat(MAX_PAYLOAD_BYTES + 1);
    RegisterResponse r = send(publisher(dataId, UUID.randomUUID().toString(), 1, REGISTER, big));
    assertRefused(r, "payload", "size", "large", "bytes", "limit");

    Sub sub = subscriber(dataId);
    sub.awaitEmpty();
  }

  @Test
  void refusalsLeaveExistingRegistrationsAndTheConnectionIntact() {
    String dataId = DataIds.unique("refusal-intact");
    OfficialClient official = closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build());
    Publisher existing = official.publish(dataId, "existing");
    OfficialClient.awaitAcked(existing);
    String rawRegistId = UUID.randomUUID().toString();
    sendAccepted(publisher(dataId, rawRegistId, 1, REGISTER, "raw-existing"));
    Sub sub = subscriber(dataId);
    sub.awaitValues("existing", "raw-existing");

    assertRefused(send(publisher("", UUID.randomUUID().toString(), 1, REGISTER, "x")), "dataid");
    assertRefused(send(publisher(dataId, null, 1, REGISTER, "x")), "registid");
    assertRefused(send(publisher(dataId, rawRegistId, 2, REGISTER,
        "y".repeat(MAX_PAYLOAD_BYTES + 1))), "payload", "size", "large", "bytes", "limit");

    // Same connection still accepted, and nothing that was there went away.
    barrier(dataId, "after-refusals");
    sub.awaitValues("after-refusals", "existing", "raw-existing");
  }

  /** The official client stops retrying a refused registration and reports it. */
  @Test
  void officialClientUnderstandsRefusal() {
    String dataId = DataIds.unique("refused-official");
    OfficialClient official = closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build());
    Publisher tooBig = official.publish(dataId, "z".repeat(MAX_PAYLOAD_BYTES + 1));

    OfficialClient.awaitAcked(tooBig);
    assertThatThrownBy(() -> tooBig.republish("small"))
        .as("the 6.3.0 client marks a refused publisher and forbids republishing it")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refused");
    Publisher fine = official.publish(dataId, "fine");
    Sub sub = subscriber(dataId);
    sub.awaitValues("fine");
    await().atMost(Duration.ofSeconds(2)).until(fine::isRegistered);
  }

  static void assertRefused(RegisterResponse r, String... anyOfMessageWords) {
    assertThat(r.isSuccess()).as("refusal is success=true (no retry): %s", describe(r)).isTrue();
    assertThat(r.isRefused()).as("refused=true: %s", describe(r)).isTrue();
    assertThat(r.getMessage()).as("refusal message: %s", describe(r)).isNotBlank();
    String message = r.getMessage().toLowerCase(java.util.Locale.ROOT);
    assertThat(anyOfMessageWords).as("message %s names the problem", r.getMessage())
        .anyMatch(message::contains);
  }
}
