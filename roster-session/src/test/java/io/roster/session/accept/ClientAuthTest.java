package io.roster.session.accept;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.SubscriberRegister;
import io.roster.client.auth.RegistrationSignature;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClientAuthTest {

  private static final long NOW = 1_700_000_000_000L;
  private final ClientAuth auth = new ClientAuth(Map.of("orders", "s3cret"), Duration.ofMinutes(5));

  @Test
  void offChecksNothing() {
    assertThat(ClientAuth.OFF.enabled()).isFalse();
    assertThat(ClientAuth.OFF.check(register(), NOW)).isNull();
  }

  @Test
  void aRegistrationSignedWithAKnownKeyWithinTheSkewPasses() {
    SubscriberRegister r = register();
    r.setAttributes(new HashMap<>(RegistrationSignature.attributes("orders", "s3cret",
        NOW - 60_000, r)));
    assertThat(auth.check(r, NOW)).isNull();
  }

  @Test
  void eachFlawHasItsOwnRuleAndAMessage() {
    assertThat(auth.check(register(), NOW).rule()).isEqualTo("unsigned");

    SubscriberRegister unknown = register();
    unknown.setAttributes(RegistrationSignature.attributes("billing", "s3cret", NOW, unknown));
    assertThat(auth.check(unknown, NOW).rule()).isEqualTo("unknown access key");

    SubscriberRegister wrongSecret = register();
    wrongSecret.setAttributes(RegistrationSignature.attributes("orders", "guess", NOW, wrongSecret));
    assertThat(auth.check(wrongSecret, NOW).rule()).isEqualTo("bad signature");

    SubscriberRegister stale = register();
    stale.setAttributes(RegistrationSignature.attributes("orders", "s3cret", NOW - 301_000, stale));
    RegistrationRules.Refusal late = auth.check(stale, NOW);
    assertThat(late.rule()).isEqualTo("signing time out of range");
    assertThat(late.message()).contains("301 s", "300 s");

    SubscriberRegister moved = register();
    moved.setAttributes(RegistrationSignature.attributes("orders", "s3cret", NOW, moved));
    moved.setDataId("someone-elses-service");
    assertThat(auth.check(moved, NOW).rule()).isEqualTo("bad signature");

    SubscriberRegister garbled = register();
    Map<String, String> attributes = new HashMap<>(
        RegistrationSignature.attributes("orders", "s3cret", NOW, garbled));
    attributes.put(RegistrationSignature.SIGN_TIME, "soon");
    garbled.setAttributes(attributes);
    assertThat(auth.check(garbled, NOW).rule()).isEqualTo("bad signing time");
  }

  private static SubscriberRegister register() {
    SubscriberRegister r = new SubscriberRegister();
    r.setDataId("orders-service");
    r.setGroup("DEFAULT_GROUP");
    r.setInstanceId("DEFAULT_INSTANCE_ID");
    r.setZone("DEFAULT_ZONE");
    r.setAppName("orders");
    r.setRegistId(UUID.randomUUID().toString());
    return r;
  }
}
