package io.roster.it;

import static io.roster.it.support.RawRegistrations.REGISTER;
import static io.roster.it.support.RawRegistrations.call;
import static io.roster.it.support.RawRegistrations.describe;
import static io.roster.it.support.RawRegistrations.publisher;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.remoting.ResponseStatus;
import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.BaseRegister;
import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.RegisterResponse;
import com.alipay.sofa.registry.core.model.SubscriberRegister;
import io.roster.it.support.Closer;
import io.roster.it.support.DataIds;
import io.roster.it.support.GadgetFlags;
import io.roster.it.support.HessianCraft;
import io.roster.it.support.Http;
import io.roster.it.support.LogCapture;
import io.roster.it.support.OfficialClient;
import io.roster.it.support.RawBoltSocket;
import io.roster.it.support.Sub;
import io.roster.remoting.BoltClient;
import io.roster.testkit.LocalCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input attacks of ATTACKS.md "Broke 7" to "Broke 9", sent as raw bolt requests to a cluster
 * with the default limits: each must be refused with an answer that says why, store nothing,
 * log at most a line per source and reason, and leave the official client working.
 *
 * <p>"Nothing stored" is checked two ways: where an official subscriber can name the dataId, its
 * view must hold only a barrier publisher registered after the attack on the same connection
 * (registrations of one connection are applied in order); where the attack is in the name itself
 * (a 100 kB dataId, which no subscriber may name any more), the session's publisher count must
 * not grow.
 */
class InputLimitsIT {

  static final String BIG = "x".repeat(100_000);

  @TempDir
  static Path root;

  static LocalCluster cluster;

  final Closer closer = new Closer();
  BoltClient bolt;
  String session;
  LogCapture logs;

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

  @BeforeEach
  void connect() {
    bolt = closer.add(new BoltClient(3_000));
    bolt.start();
    session = cluster.sessionBoltAddress(0);
    logs = closer.add(LogCapture.start());
  }

  @AfterEach
  void cleanUp() {
    closer.closeAll();
  }

  // ------------------------------------------------------------------ Broke 7: field limits

  @Test
  void hundredKilobyteNamesAreRefusedNamingTheFieldAndTheLimit() {
    expectNameRefused("dataId", "limit of 512", r -> r.setDataId(BIG));
    expectNameRefused("group", "limit of 256", r -> r.setGroup(BIG));
    expectNameRefused("instanceId", "limit of 256", r -> r.setInstanceId(BIG));
    expectNameRefused("appName", "limit of 256", r -> r.setAppName(BIG));
    expectNameRefused("zone", "limit of 256", r -> r.setZone(BIG));
    expectNameRefused("registId", "limit of 64", r -> r.setRegistId(BIG));

    SubscriberRegister sub = subscriberRegister(DataIds.unique("big-sub"));
    sub.setDataId(BIG);
    assertRefused(call(bolt, session, sub), "dataId", "limit of 512");
  }

  @Test
  void tenThousandEntriesAreRefused() {
    String dataId = DataIds.unique("many-entries");
    Sub sub = subscriber(dataId);
    // Empty strings: zero payload bytes, so only a count of entries can refuse them.
    PublisherRegister r = publisher(dataId, UUID.randomUUID().toString(), 1, REGISTER);
    r.setDataList(boxes(10_000, ""));
    assertRefused(call(bolt, session, r), "entries", "limit of 1000");
    expectOnlyBarrier(sub);
  }

  @Test
  void nullEntriesAreCountedAndRefused() {
    String dataId = DataIds.unique("null-entries");
    Sub sub = subscriber(dataId);
    PublisherRegister flood = publisher(dataId, UUID.randomUUID().toString(), 1, REGISTER);
    flood.setDataList(new ArrayList<>(Collections.nCopies(200_000, (DataBox) null)));
    assertRefused(call(bolt, session, flood), "entries", "limit of 1000");

    PublisherRegister someNulls = publisher(dataId, UUID.randomUUID().toString(), 1, REGISTER, "v");
    List<DataBox> list = new ArrayList<>(someNulls.getDataList());
    list.addAll(Collections.nCopies(17, (DataBox) null));
    someNulls.setDataList(list);
    assertRefused(call(bolt, session, someNulls), "null", "limit of 16");
    expectOnlyBarrier(sub);
  }

  @Test
  void negativeVersionsAreRefused() {
    String dataId = DataIds.unique("negative-version");
    Sub sub = subscriber(dataId);
    for (long version : new long[] {-5, Long.MIN_VALUE}) {
      RegisterResponse r = call(bolt, session,
          publisher(dataId, UUID.randomUUID().toString(), version, REGISTER, "v" + version));
      assertRefused(r, "version", "negative");
      assertThat(r.getVersion()).as("the refusal echoes the version").isEqualTo(version);
    }
    expectOnlyBarrier(sub);
  }

  @Test
  void registIdsThatAreNotUuidsAreRefusedForEveryTypeTheOfficialClientSendsAUuidFor() {
    String dataId = DataIds.unique("not-uuid");
    Sub sub = subscriber(dataId);
    assertRefused(call(bolt, session, publisher(dataId, "not-a-uuid", 1, REGISTER, "v")),
        "registId", "UUID");
    SubscriberRegister s = subscriberRegister(dataId);
    s.setRegistId("../../etc/passwd");
    assertRefused(call(bolt, session, s), "registId", "UUID");
    expectOnlyBarrier(sub);
  }

  @Test
  void refusalsAreLoggedOncePerSourceAndReason() {
    String dataId = DataIds.unique("refusal-log");
    for (int i = 0; i < 50; i++) {
      assertRefused(call(bolt, session, publisher(dataId, "not-a-uuid", 1, REGISTER, "v")),
          "registId", "UUID");
    }
    // Counted per client IP and rule: an earlier test of this class may already have logged
    // this pair from 127.0.0.1 within the minute, so this one may add none.
    List<String> lines = logs.lines().stream().filter(l -> l.contains("UUID")).toList();
    assertThat(lines).as("log lines for 50 identical refusals").hasSizeLessThanOrEqualTo(1);
    assertThat(lines).as("the line names the client's IP").allMatch(l -> l.contains("127.0.0.1"));
  }

  // --------------------------------------------------------------- Broke 8: empty request bodies

  @Test
  void emptyBodiesGetAClearErrorOnEveryPortAndNoNullPointerException() throws Exception {
    String[] clientTypes = {HessianCraft.PUBLISHER_REGISTER,
        SubscriberRegister.class.getName(),
        "com.alipay.sofa.registry.core.model.ConfiguratorRegister",
        "com.alipay.sofa.registry.core.model.SyncConfigRequest"};
    expectEmptyBodiesRefused(cluster.sessionBoltPort(0), clientTypes);
    // Members-only ports refuse anything before the cluster-link handshake, empty or not.
    expectClosedBeforeTheHandshake(cluster.dataBoltPort(0), "io.roster.protocol.data.WriteBatch",
        "io.roster.protocol.data.SessionHello", "io.roster.protocol.data.DatumQuery",
        "io.roster.protocol.data.SlotSync", "io.roster.protocol.data.ReplicaBatch");
    expectClosedBeforeTheHandshake(cluster.metaBoltPort(0), "io.roster.protocol.meta.NodeHeartbeat");

    assertThat(logs.lines()).as("what the empty bodies logged")
        .noneMatch(l -> l.contains("NullPointerException"))
        .noneMatch(l -> l.startsWith("ERROR"));
    officialClientStillWorks("after-empty-bodies");
  }

  @Test
  void aBodyOfAnotherTypeGetsAClearError() throws Exception {
    try (RawBoltSocket socket = new RawBoltSocket("127.0.0.1", cluster.sessionBoltPort(0))) {
      RawBoltSocket.Response r = socket.call(HessianCraft.PUBLISHER_REGISTER,
          HessianCraft.serialize(subscriberRegister(DataIds.unique("wrong-type"))));
      assertThat(r.status()).as(r.printable()).isNotEqualTo(ResponseStatus.SUCCESS);
      assertThat(r.printable()).contains("SubscriberRegister");
    }
    assertThat(logs.lines()).noneMatch(l -> l.contains("ClassCastException"));
  }

  // ----------------------------------------------------------- Broke 9 and the allowlist audit

  @Test
  void aThousandGarbageBodiesLogAFewLinesAndNoStackTrace() throws Exception {
    Random random = new Random(42);
    try (RawBoltSocket socket = new RawBoltSocket("127.0.0.1", cluster.sessionBoltPort(0))) {
      for (int i = 0; i < 1_000; i++) {
        byte[] garbage = new byte[16 + random.nextInt(64)];
        random.nextBytes(garbage);
        garbage[0] = (byte) 'O'; // an object reference: Hessian reads on and trips
        RawBoltSocket.Response r = socket.call(HessianCraft.PUBLISHER_REGISTER, garbage);
        assertThat(r.status()).as("garbage #%d: %s", i, r.printable())
            .isNotEqualTo(ResponseStatus.SUCCESS);
      }
      assertThat(socket.isClosedByPeer()).isFalse();
    }
    List<String> lines = logs.lines();
    assertThat(lines).as("log lines for 1,000 garbage bodies").hasSizeLessThanOrEqualTo(10)
        .doesNotHaveDuplicates()
        .anyMatch(l -> l.contains("127.0.0.1:") && l.contains("unreadable Hessian body"));
    assertThat(logs.linesWithStackTraces()).as("lines with a stack trace").isEmpty();
    officialClientStillWorks("after-garbage");
  }

  @Test
  void aRefusedGadgetClassIsLoggedWithItsName() throws Exception {
    try (RawBoltSocket socket = new RawBoltSocket("127.0.0.1", cluster.sessionBoltPort(0))) {
      for (int i = 0; i < 20; i++) {
        RawBoltSocket.Response r = socket.call(HessianCraft.PUBLISHER_REGISTER,
            HessianCraft.gadget("audit"));
        assertThat(r.status()).isNotEqualTo(ResponseStatus.SUCCESS);
      }
    }
    assertThat(logs.lines()).as("audit line of the refused class")
        .filteredOn(l -> l.contains(GadgetFlags.GADGET_CLASS)).hasSize(1);
    assertThat(GadgetFlags.raised()).isEmpty();
  }

  // ------------------------------------------------------- what the defaults must still accept

  @Test
  void theOfficialClientWithSofaRpcStyleNamesIsAccepted() {
    String dataId = "com.foo." + DataIds.unique("Service") + ":1.0@DEFAULT";
    OfficialClient official = closer.add(OfficialClient.to(cluster.sessionHttpPort(0))
        .appName("some-sofa-rpc-application").build());
    Publisher p = official.publish(dataId, "bolt://10.1.2.3:12200?startTime=1&pid=42&weight=100");
    OfficialClient.awaitAcked(p);
    Sub sub = closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build()).subscribe(dataId);
    sub.awaitValues("bolt://10.1.2.3:12200?startTime=1&pid=42&weight=100");
    assertThat(p.isRegistered()).isTrue();
  }

  // ---------------------------------------------------------------------------------- helpers

  void expectNameRefused(String field, String limit, Consumer<PublisherRegister> attack) {
    long before = sessionPublishers();
    PublisherRegister r = publisher(DataIds.unique("big-" + field), UUID.randomUUID().toString(),
        1, REGISTER, "v");
    attack.accept(r);
    assertRefused(call(bolt, session, r), field, limit);
    // Answers come after the store applied a registration, so an accepted one would count now;
    // earlier tests' client-offs only make the count smaller.
    assertThat(sessionPublishers()).as("publishers after a %s attack", field)
        .isLessThanOrEqualTo(before);
  }

  /** After refusals on this connection, an accepted barrier; the view must hold it alone. */
  void expectOnlyBarrier(Sub sub) {
    RegisterResponse ok = call(bolt, session,
        publisher(sub.dataId(), UUID.randomUUID().toString(), 1, REGISTER, "barrier"));
    assertThat(ok.isRefused()).as(describe(ok)).isFalse();
    sub.awaitValues("barrier");
  }

  void expectEmptyBodiesRefused(int port, String... types) throws Exception {
    try (RawBoltSocket socket = new RawBoltSocket("127.0.0.1", port)) {
      for (String type : types) {
        for (byte[] body : new byte[][] {new byte[0], {'N'}}) {
          RawBoltSocket.Response r = socket.call(type, body);
          assertThat(r.status()).as("%s with a %d-byte body on port %d: %s", type, body.length,
              port, r.printable()).isNotNull().isNotEqualTo(ResponseStatus.SUCCESS);
          assertThat(r.printable()).as("the answer says what is wrong").contains("empty");
        }
      }
      assertThat(socket.isClosedByPeer()).isFalse();
    }
  }

  /** Each empty request, on a connection of its own, gets no answer: the connection is closed. */
  void expectClosedBeforeTheHandshake(int port, String... types) throws Exception {
    for (String type : types) {
      try (RawBoltSocket socket = new RawBoltSocket("127.0.0.1", port)) {
        try {
          RawBoltSocket.Response r = socket.call(type, new byte[0]);
          throw new AssertionError(type + " before the handshake was answered: " + r.printable());
        } catch (java.io.IOException closed) {
          assertThat(socket.isClosedByPeer()).as("%s on port %d", type, port).isTrue();
        }
      }
    }
  }

  void officialClientStillWorks(String value) {
    String dataId = DataIds.unique("still-works");
    OfficialClient official = closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build());
    OfficialClient.awaitAcked(official.publish(dataId, value));
    Sub sub = closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build()).subscribe(dataId);
    sub.awaitValues(value);
  }

  Sub subscriber(String dataId) {
    return closer.add(OfficialClient.to(cluster.sessionHttpPort(0)).build()).subscribe(dataId);
  }

  long sessionPublishers() {
    for (String line : Http.get(cluster.sessionHttpPort(0), "/digest/session/count").body()
        .split("\n")) {
      if (line.startsWith("publishers ")) {
        return Long.parseLong(line.substring("publishers ".length()).trim());
      }
    }
    throw new AssertionError("no publishers line");
  }

  static SubscriberRegister subscriberRegister(String dataId) {
    SubscriberRegister r = new SubscriberRegister();
    copyIdentity(publisher(dataId, UUID.randomUUID().toString(), 1, REGISTER), r);
    r.setScope("zone");
    return r;
  }

  static void copyIdentity(BaseRegister from, BaseRegister to) {
    to.setDataId(from.getDataId());
    to.setGroup(from.getGroup());
    to.setInstanceId(from.getInstanceId());
    to.setZone(from.getZone());
    to.setAppName(from.getAppName());
    to.setIp(from.getIp());
    to.setRegistId(from.getRegistId());
    to.setVersion(from.getVersion());
    to.setTimestamp(from.getTimestamp());
    to.setEventType(from.getEventType());
  }

  static List<DataBox> boxes(int n, String value) {
    List<DataBox> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(new DataBox(value));
    }
    return list;
  }

  /** {@code rule}: the words that say which rule, e.g. {@code "limit of 512"}. */
  static void assertRefused(RegisterResponse r, String field, String rule) {
    assertThat(r.isSuccess()).as("refusal is success=true (no retry): %s", describe(r)).isTrue();
    assertThat(r.isRefused()).as("refused=true: %s", describe(r)).isTrue();
    String message = String.valueOf(r.getMessage());
    assertThat(message.length()).as("the message does not echo the input").isLessThan(300);
    assertThat(message.toLowerCase(Locale.ROOT)).as("message names %s and %s: %s", field, rule,
        describe(r)).contains(field.toLowerCase(Locale.ROOT)).contains(rule.toLowerCase(Locale.ROOT));
  }
}
