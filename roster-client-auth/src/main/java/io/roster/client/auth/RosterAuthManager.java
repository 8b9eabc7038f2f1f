package io.roster.client.auth;

import com.alipay.sofa.registry.client.api.RegistryClientConfig;
import com.alipay.sofa.registry.client.auth.AuthManager;
import com.alipay.sofa.registry.core.model.BaseRegister;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Signs every registration the official SOFARegistry client sends, for a Roster session that
 * requires signed registrations ({@code roster.session.auth.keys.file}). The client itself is
 * unchanged: it asks its {@link AuthManager} for attributes to add to each registration it builds,
 * which happens again on every send, so each send carries a fresh signing time.
 *
 * <pre>{@code
 * RegistryClientConfig config = DefaultRegistryClientConfigBuilder.start()
 *     .setRegistryEndpoint("roster.example").setRegistryEndpointPort(9603)
 *     .setAccessKey("orders").setSecretKey(secretFromYourVault).build();
 * DefaultRegistryClient client = new DefaultRegistryClient(config);
 * client.setAuthManager(new RosterAuthManager(config));
 * client.init();
 * }</pre>
 */
public final class RosterAuthManager implements AuthManager {

  private final String accessKey;
  private final String secretKey;
  private final LongSupplier clock;

  /** Signs with the access and secret key of the client's configuration. */
  public RosterAuthManager(RegistryClientConfig config) {
    this(config.getAccessKey(), config.getSecretKey());
  }

  public RosterAuthManager(String accessKey, String secretKey) {
    this(accessKey, secretKey, System::currentTimeMillis);
  }

  RosterAuthManager(String accessKey, String secretKey, LongSupplier clock) {
    this.accessKey = requireText(accessKey, "accessKey");
    this.secretKey = requireText(secretKey, "secretKey");
    this.clock = clock;
  }

  @Override
  public Map<String, String> getAuthContent(BaseRegister register) {
    return RegistrationSignature.attributes(accessKey, secretKey, clock.getAsLong(), register);
  }

  private static String requireText(String value, String name) {
    Objects.requireNonNull(value, name + " is not set");
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
    return value;
  }

  @Override
  public String toString() {
    return "RosterAuthManager[" + accessKey + "]"; // never the secret
  }
}
