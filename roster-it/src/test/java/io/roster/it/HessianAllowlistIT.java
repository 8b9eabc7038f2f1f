package io.roster.it;

import static io.roster.it.support.RawRegistrations.REGISTER;
import static io.roster.it.support.RawRegistrations.call;
import static io.roster.it.support.RawRegistrations.describe;
import static io.roster.it.support.RawRegistrations.publisher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.alipay.remoting.ResponseStatus;
import com.alipay.remoting.exception.SerializationException;
import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.RegisterResponse;
import io.roster.it.support.ChildJvm;
import io.roster.it.support.Closer;
import io.roster.it.support.DataIds;
import io.roster.it.support.GadgetFlags;
import io.roster.it.support.GadgetProbe;
import io.roster.it.support.HessianCraft;
import io.roster.it.support.LoadedGadget;
import io.roster.it.support.OfficialClient;
import io.roster.it.support.RawBoltSocket;
import io.roster.it.support.Sub;
import io.roster.remoting.BoltClient;
import io.roster.testkit.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hessian allowlist, end to end. A payload naming a class outside the allowlist must be refused
 * with an error, nothing may be loaded or instantiated, the connection survives, and what was
 * registered stays.
 *
 * <p>How the "nothing instantiated" check can fail: the payloads name {@code Gadget}, which
 * raises JVM-wide flags when it is initialized, constructed or resolved. This JVM never touches
 * that class: the bytes are written by hand ({@link HessianCraft}) and sent over a hand-framed
 * bolt socket ({@link RawBoltSocket}), so only a decoder that let the name through can raise the
 * flags. A control run in a child JVM decodes the same bytes without an allowlist and must
 * raise them, proving the payloads are live.
 */
class HessianAllowlistIT {

  private static final Logger LOG = LoggerFactory.getLogger(HessianAllowlistIT.class);

  @TempDir
  static Path root;

  static LocalCluster cluster;

  final Closer closer = new Closer();

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.builder(root).datas(1).sessions(1).start();
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
  void payloadsNamingAnUnlistedClassAreRefusedAndNothingIsInstantiated() throws Exception {
    assertThat(GadgetFlags.raised()).as("precondition: nothing in this JVM touched Gadget")
        .isEmpty();
    String dataId = DataIds.unique("allowlist");
    OfficialClient official = closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build());
    Publisher existing = official.publish(dataId, "existing");
    OfficialClient.awaitAcked(existing);
    Sub sub = closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build()).subscribe(dataId);
    sub.awaitValues("existing");

    byte[] bareGadget = HessianCraft.gadget("bare");
    byte[] gadgetInAttributes = HessianCraft.publisherWithGadgetAttribute(dataId,
        UUID.randomUUID().toString(), "in-attributes");
    assertPayloadsAreLive(bareGadget, gadgetInAttributes);

    try (RawBoltSocket socket = new RawBoltSocket("127.0.0.1", cluster.sessionBoltPort(0))) {
      expectRefused(socket.call(HessianCraft.PUBLISHER_REGISTER, bareGadget),
          "a Gadget sent as a PublisherRegister");
      expectRefused(socket.call(HessianCraft.PUBLISHER_REGISTER, gadgetInAttributes),
          "a PublisherRegister with a Gadget in attributes");
      expectRefused(socket.call(GadgetFlags.GADGET_CLASS, bareGadget),
          "a request whose class header is Gadget");
      assertThat(GadgetFlags.raised()).as("flags raised by the server's decoding").isEmpty();

      // The same connection still works.
      PublisherRegister valid = publisher(dataId, UUID.randomUUID().toString(), 1, REGISTER,
          "same-connection");
      RawBoltSocket.Response ok = socket.call(HessianCraft.PUBLISHER_REGISTER,
          HessianCraft.serialize(valid));
      assertThat(ok.status()).as("valid request after the refusals: %s", ok.printable())
          .isEqualTo(ResponseStatus.SUCCESS);
      RegisterResponse response = (RegisterResponse) ok.decode();
      assertThat(response.isSuccess()).as(describe(response)).isTrue();
      assertThat(response.isRefused()).as(describe(response)).isFalse();
      sub.awaitValues("existing", "same-connection");
      assertThat(socket.isClosedByPeer()).as("the refusing server kept the connection").isFalse();
    }
    // Closing the raw connection is a client-off: its publisher goes, the official one stays.
    sub.awaitValues("existing");

    // A new connection works too.
    BoltClient bolt = closer.add(new BoltClient(3_000));
    bolt.start();
    RegisterResponse fresh = call(bolt, cluster.sessionBoltAddress(0),
        publisher(dataId, UUID.randomUUID().toString(), 1, REGISTER, "new-connection"));
    assertThat(fresh.isSuccess()).as(describe(fresh)).isTrue();

    sub.awaitValues("existing", "new-connection");
    assertThat(sub.recorder().history()).as("the gadget-carrying registration never took effect")
        .noneMatch(v -> v.values().contains("gadget-carrier"));
    assertThat(GadgetFlags.raised()).isEmpty();
  }

  /**
   * The same through Roster's own BoltClient with a class this JVM does load: the encoder sends
   * it, the server must refuse it. {@link LoadedGadget#RESOLVED} only moves when a decoder
   * builds one.
   */
  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void gadgetSentThroughBoltClientIsRefusedAndTheConnectionSurvives() throws Exception {
    String dataId = DataIds.unique("allowlist-bolt");
    Sub sub = closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build()).subscribe(dataId);
    BoltClient bolt = closer.add(new BoltClient(3_000));
    bolt.start();
    String address = cluster.sessionBoltAddress(0);
    int resolvedBefore = LoadedGadget.RESOLVED.get();

    PublisherRegister carrier = publisher(dataId, UUID.randomUUID().toString(), 1, REGISTER,
        "loaded-gadget-carrier");
    Map attributes = new HashMap();
    attributes.put("innocent", new LoadedGadget("in-attributes"));
    carrier.setAttributes(attributes);
    Throwable refused = failureOf(bolt.invoke(address, carrier, 3_000));
    LOG.info("BoltClient saw the refusal as: {}", refused.toString());
    assertNotAClientSideEncodingFailure(refused);

    Throwable refusedBare = failureOf(bolt.invoke(address, new LoadedGadget("bare"), 3_000));
    assertNotAClientSideEncodingFailure(refusedBare);

    assertThat(LoadedGadget.RESOLVED.get()).as("LoadedGadget instances decoded by the server")
        .isEqualTo(resolvedBefore);

    RegisterResponse after = call(bolt, address,
        publisher(dataId, UUID.randomUUID().toString(), 1, REGISTER, "after"));
    assertThat(after.isSuccess()).as(describe(after)).isTrue();
    sub.awaitValues("after");
  }

  static void expectRefused(RawBoltSocket.Response response, String what) {
    LOG.info("{} answered {} ({} bytes): {}", what, response.status(), response.content().length,
        response.printable());
    assertThat(response.status()).as("%s must be answered with an error", what)
        .isNotNull()
        .isNotEqualTo(ResponseStatus.SUCCESS);
  }

  /** Control: without an allowlist, the crafted bytes do bring Gadget to life. */
  static void assertPayloadsAreLive(byte[]... payloads) {
    String[] args = new String[payloads.length];
    for (int i = 0; i < payloads.length; i++) {
      args[i] = Base64.getEncoder().encodeToString(payloads[i]);
    }
    try (ChildJvm probe = ChildJvm.start(GadgetProbe.class, args)) {
      String flags = probe.awaitLine("FLAGS", Duration.ofSeconds(30));
      LOG.info("control decode without allowlist: {} / {}", probe.lines(), flags);
      assertThat(flags).as("control: unfiltered Hessian initializes and resolves the gadget")
          .contains(GadgetFlags.CLINIT)
          .contains(GadgetFlags.RESOLVED);
    }
  }

  static Throwable failureOf(java.util.concurrent.CompletableFuture<Object> call)
      throws InterruptedException {
    try {
      Object answer = call.get(10, TimeUnit.SECONDS);
      return fail("expected an error, got " + answer);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      return fail("no answer within 10 s");
    }
  }

  static void assertNotAClientSideEncodingFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SerializationException s && !s.isServerSide()) {
        fail("the request never left this JVM (client-side encoding failed): " + failure, failure);
      }
      if (t.getCause() == t) {
        break;
      }
    }
  }
}
