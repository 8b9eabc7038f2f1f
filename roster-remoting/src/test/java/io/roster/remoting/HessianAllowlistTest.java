package io.roster.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.remoting.hessian.HessianAllowlist;
import org.junit.jupiter.api.Test;

class HessianAllowlistTest {

  private final HessianAllowlist allowlist = HessianAllowlist.defaults();

  @Test
  void admitsTheWireModelsAndJdkBasics() {
    assertThat(allowlist.allows("com.alipay.sofa.registry.core.model.PublisherRegister")).isTrue();
    assertThat(allowlist.allows("io.roster.protocol.data.WriteBatch")).isTrue();
    assertThat(allowlist.allows("java.util.HashMap")).isTrue();
    assertThat(allowlist.allows("[java.lang.String")).isTrue();
    assertThat(allowlist.allows("[int")).isTrue();
  }

  @Test
  void refusesEverythingElse() {
    assertThat(allowlist.allows("com.sun.rowset.JdbcRowSetImpl")).isFalse();
    assertThat(allowlist.allows("java.lang.Class")).isFalse();
    assertThat(allowlist.allows("java.lang.Runtime")).isFalse();
    assertThat(allowlist.allows("[com.sun.rowset.JdbcRowSetImpl")).isFalse();
    assertThat(allowlist.allows("io.roster.session.SessionServer")).isFalse();
    assertThat(allowlist.allows("com.alipay.sofa.registry.core.modelX.Evil")).isFalse();
    assertThat(allowlist.allows(null)).isFalse();
  }
}
