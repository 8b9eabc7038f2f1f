package io.roster.session.accept;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.constants.EventTypeConstants;
import com.alipay.sofa.registry.core.model.BaseRegister;
import com.alipay.sofa.registry.core.model.ConfiguratorRegister;
import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.SubscriberRegister;
import io.roster.session.accept.RegistrationRules.Refusal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** Every limit at its value (accepted) and one past it (refused, naming field and limit). */
class RegistrationRulesTest {

  static final RegistrationLimits LIMITS = new RegistrationLimits(20, 21, 22, 23, 24, 40, 5, 2);
  static final int MAX_PAYLOAD = 100;

  final RegistrationRules rules = new RegistrationRules(MAX_PAYLOAD, LIMITS);

  @Test
  void eachNameIsAcceptedAtItsLimitAndRefusedOnePast() {
    expectLengthLimit("dataId", 20, BaseRegister::setDataId);
    expectLengthLimit("group", 21, BaseRegister::setGroup);
    expectLengthLimit("instanceId", 22, BaseRegister::setInstanceId);
    expectLengthLimit("appName", 23, BaseRegister::setAppName);
    expectLengthLimit("zone", 24, BaseRegister::setZone);
  }

  @Test
  void theNameLimitsHoldForSubscribersAndConfiguratorsToo() {
    SubscriberRegister sub = identity(new SubscriberRegister());
    sub.setGroup("g".repeat(22));
    assertThat(rules.checkSubscriber(sub)).isNotNull().extracting(Refusal::message).asString()
        .contains("group", "limit of 21");
    ConfiguratorRegister conf = identity(new ConfiguratorRegister());
    conf.setDataId("d".repeat(21));
    assertThat(rules.checkCommon(conf)).isNotNull().extracting(Refusal::message).asString()
        .contains("dataId", "limit of 20");
  }

  @Test
  void aRegistIdOverItsLengthIsRefusedBeforeItIsParsed() {
    RegistrationRules roomy = new RegistrationRules(MAX_PAYLOAD,
        new RegistrationLimits(20, 21, 22, 23, 24, 36, 5, 2));
    PublisherRegister atLimit = publisher();
    assertThat(atLimit.getRegistId()).hasSize(36);
    assertThat(roomy.checkPublisher(atLimit)).isNull();
    PublisherRegister over = publisher();
    over.setRegistId(over.getRegistId() + "0");
    assertThat(roomy.checkPublisher(over).message()).contains("registId", "37", "limit of 36");
  }

  @Test
  void theRegistIdMustBeAUuidForEveryType() {
    for (String bad : new String[] {"not-a-uuid", "1-1-1-1-1",
        "123e4567-e89b-12d3-a456-42661417400g", "123e4567+e89b-12d3-a456-426614174000",
        "123e4567-e89b-12d3-a456-4266141740000", "１23e4567-e89b-12d3-a456-426614174000"}) {
      PublisherRegister p = publisher();
      p.setRegistId(bad);
      assertThat(rules.checkPublisher(p)).as(bad).isNotNull().extracting(Refusal::message)
          .asString().contains("registId", "UUID");
      SubscriberRegister s = identity(new SubscriberRegister());
      s.setRegistId(bad);
      assertThat(rules.checkSubscriber(s)).as(bad).isNotNull();
      ConfiguratorRegister c = identity(new ConfiguratorRegister());
      c.setRegistId(bad);
      assertThat(rules.checkCommon(c)).as(bad).isNotNull();
    }
    PublisherRegister upper = publisher();
    upper.setRegistId(UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT));
    assertThat(rules.checkPublisher(upper)).as("a UUID in upper case is still one").isNull();
  }

  @Test
  void versionZeroIsAcceptedAndBelowZeroRefused() {
    PublisherRegister zero = publisher();
    zero.setVersion(0L);
    assertThat(rules.checkPublisher(zero)).isNull();
    for (long v : new long[] {-1, -5, Long.MIN_VALUE}) {
      PublisherRegister p = publisher();
      p.setVersion(v);
      assertThat(rules.checkPublisher(p)).as("version %d", v).isNotNull()
          .extracting(Refusal::message).asString().contains("version", "negative");
    }
  }

  @Test
  void dataEntriesAreCountedNullsIncluded() {
    PublisherRegister five = publisher();
    five.setDataList(boxes(5, ""));
    assertThat(rules.checkPublisher(five)).isNull();
    PublisherRegister six = publisher();
    six.setDataList(boxes(6, ""));
    assertThat(rules.checkPublisher(six).message()).contains("6 entries", "limit of 5");

    PublisherRegister sixNulls = publisher();
    sixNulls.setDataList(new ArrayList<>(Collections.nCopies(6, (DataBox) null)));
    assertThat(rules.checkPublisher(sixNulls).message()).contains("entries", "limit of 5");
  }

  @Test
  void nullEntriesHaveTheirOwnLimit() {
    PublisherRegister two = publisher();
    List<DataBox> list = boxes(1, "v");
    list.add(null);
    list.add(new DataBox(null));
    two.setDataList(list);
    assertThat(rules.checkPublisher(two)).isNull();

    PublisherRegister three = publisher();
    List<DataBox> more = new ArrayList<>(list);
    more.add(null);
    three.setDataList(more);
    assertThat(rules.checkPublisher(three).message()).contains("3 null entries", "limit of 2");
  }

  @Test
  void thePayloadLimitStillCountsBytes() {
    PublisherRegister at = publisher();
    at.setDataList(boxes(1, "x".repeat(MAX_PAYLOAD)));
    assertThat(rules.checkPublisher(at)).isNull();
    PublisherRegister over = publisher();
    over.setDataList(boxes(1, "x".repeat(MAX_PAYLOAD + 1)));
    assertThat(rules.checkPublisher(over).message()).contains("payload", "limit of 100");
  }

  @Test
  void anUnregisterIsNotJudgedByItsData() {
    PublisherRegister p = publisher();
    p.setEventType(EventTypeConstants.UNREGISTER);
    p.setDataList(boxes(6, ""));
    assertThat(rules.checkPublisher(p)).isNull();
  }

  @Test
  void messagesQuoteOnlyTheStartOfTheInputAndRulesAreFixedTexts() {
    PublisherRegister p = publisher();
    p.setEventType("DROP_TABLE".repeat(10_000));
    Refusal r = rules.checkPublisher(p);
    assertThat(r.message()).contains("eventType").hasSizeLessThan(120);
    assertThat(r.rule()).doesNotContain("DROP_TABLE");

    PublisherRegister q = publisher();
    q.setDataId("d".repeat(50));
    PublisherRegister q2 = publisher();
    q2.setDataId("d".repeat(5000));
    assertThat(rules.checkPublisher(q).rule()).as("one rule however long the input")
        .isEqualTo(rules.checkPublisher(q2).rule()).contains("dataId", "20");
  }

  @Test
  void theDefaultsTakeWhatTheOfficialClientAndSofaRpcSend() {
    RegistrationRules defaults = new RegistrationRules(1 << 20, RegistrationLimits.DEFAULTS);
    PublisherRegister p = publisher();
    p.setDataId("com.alipay.sofa.rpc.test.HelloService:1.0@DEFAULT");
    p.setGroup("SOFA");
    p.setAppName("sofa-rpc-sample-application");
    p.setVersion(1L);
    p.setDataList(boxes(1, "bolt://10.1.2.3:12200?startTime=1&pid=42&uniqueId=&weight=100"));
    assertThat(defaults.checkPublisher(p)).isNull();
  }

  // ---------------------------------------------------------------------------------- helpers

  void expectLengthLimit(String field, int limit, BiConsumer<BaseRegister, String> set) {
    PublisherRegister at = publisher();
    set.accept(at, "a".repeat(limit));
    assertThat(rules.checkPublisher(at)).as("%s of %d characters", field, limit).isNull();
    PublisherRegister over = publisher();
    set.accept(over, "a".repeat(limit + 1));
    Refusal r = rules.checkPublisher(over);
    assertThat(r).as("%s of %d characters", field, limit + 1).isNotNull();
    assertThat(r.message()).contains(field, String.valueOf(limit + 1), "limit of " + limit);
  }

  static PublisherRegister publisher() {
    PublisherRegister r = identity(new PublisherRegister());
    r.setDataList(boxes(1, "v"));
    return r;
  }

  static <T extends BaseRegister> T identity(T r) {
    r.setDataId("d");
    r.setGroup("DEFAULT_GROUP");
    r.setInstanceId("DEFAULT_INSTANCE_ID");
    r.setZone("DEFAULT_ZONE");
    r.setAppName("app");
    r.setRegistId(UUID.randomUUID().toString());
    r.setVersion(1L);
    r.setEventType(EventTypeConstants.REGISTER);
    return r;
  }

  static List<DataBox> boxes(int n, String value) {
    List<DataBox> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(new DataBox(value));
    }
    return list;
  }
}
