package io.roster.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alipay.sofa.registry.core.model.PublisherRegister;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrationSignatureTest {

  @Test
  void theManagerSignsWhatTheCheckAccepts() {
    PublisherRegister r = register("orders-service", "a");
    Map<String, String> auth = new RosterAuthManager("orders", "s3cret", () -> 1_000L)
        .getAuthContent(r);

    assertThat(auth).containsEntry(RegistrationSignature.ACCESS_KEY, "orders")
        .containsEntry(RegistrationSignature.SIGN_TIME, "1000");
    assertThat(RegistrationSignature.matches(auth.get(RegistrationSignature.SIGNATURE), "s3cret",
        "orders", 1_000L, r)).isTrue();
  }

  @Test
  void anotherSecretTimeKeyOrRegistrationDoesNotMatch() {
    PublisherRegister r = register("orders-service", "a");
    String signature = RegistrationSignature.sign("s3cret", "orders", 1_000L, r);

    assertThat(RegistrationSignature.matches(signature, "other", "orders", 1_000L, r)).isFalse();
    assertThat(RegistrationSignature.matches(signature, "s3cret", "orders", 1_001L, r)).isFalse();
    assertThat(RegistrationSignature.matches(signature, "s3cret", "billing", 1_000L, r)).isFalse();
    assertThat(RegistrationSignature.matches(signature, "s3cret", "orders", 1_000L,
        register("orders-service", "b"))).isFalse();
    assertThat(RegistrationSignature.matches(null, "s3cret", "orders", 1_000L, r)).isFalse();
  }

  @Test
  void fieldsCannotBeShiftedIntoEachOther() {
    PublisherRegister one = register("ab", "x");
    one.setGroup("c");
    PublisherRegister two = register("a", "x");
    two.setGroup("bc");
    assertThat(RegistrationSignature.canonical("k", 1, one))
        .isNotEqualTo(RegistrationSignature.canonical("k", 1, two));
    PublisherRegister nulls = register("a", "x");
    nulls.setGroup(null);
    PublisherRegister text = register("a", "x");
    text.setGroup("-1:");
    assertThat(RegistrationSignature.canonical("k", 1, nulls))
        .isNotEqualTo(RegistrationSignature.canonical("k", 1, text));
  }

  @Test
  void blankKeysAreRefusedAndTheSecretIsNeverPrinted() {
    assertThatThrownBy(() -> new RosterAuthManager("orders", " "))
        .hasMessageContaining("secretKey");
    assertThatThrownBy(() -> new RosterAuthManager(null, "s"))
        .hasMessageContaining("accessKey");
    assertThat(new RosterAuthManager("orders", "s3cret").toString()).doesNotContain("s3cret");
  }

  private static PublisherRegister register(String dataId, String registId) {
    PublisherRegister r = new PublisherRegister();
    r.setDataId(dataId);
    r.setGroup("DEFAULT_GROUP");
    r.setInstanceId("DEFAULT_INSTANCE_ID");
    r.setZone("DEFAULT_ZONE");
    r.setAppName("orders");
    r.setRegistId(registId);
    return r;
  }
}
