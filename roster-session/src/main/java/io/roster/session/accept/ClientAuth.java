package io.roster.session.accept;

import com.alipay.sofa.registry.core.model.BaseRegister;
import io.roster.client.auth.RegistrationSignature;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Which clients may register: none checked ({@link #OFF}, the default), or only those that sign
 * each registration with one of these access keys ({@code roster.session.auth.keys.file}). A
 * signature is checked against {@link RegistrationSignature}, and its signing time must be within
 * {@code maxSkew} of the session's clock, which bounds how long a captured registration can be
 * sent again.
 *
 * @param secrets secret key by access key; empty means no check
 * @param maxSkew how far a signing time may be from the session's clock, either way
 */
public record ClientAuth(Map<String, String> secrets, Duration maxSkew) {

  public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(5);
  public static final ClientAuth OFF = new ClientAuth(Map.of(), DEFAULT_MAX_SKEW);

  public ClientAuth {
    secrets = Map.copyOf(secrets);
    Objects.requireNonNull(maxSkew, "maxSkew");
    if (maxSkew.isNegative() || maxSkew.isZero()) {
      throw new IllegalArgumentException("maxSkew must be positive: " + maxSkew);
    }
  }

  public boolean enabled() {
    return !secrets.isEmpty();
  }

  /** Null if {@code r} may be registered at {@code nowMillis}; otherwise why not. */
  RegistrationRules.Refusal check(BaseRegister r, long nowMillis) {
    if (!enabled()) {
      return null;
    }
    Map<String, String> attributes = r.getAttributes();
    String accessKey = attributes == null ? null : attributes.get(RegistrationSignature.ACCESS_KEY);
    String signature = attributes == null ? null : attributes.get(RegistrationSignature.SIGNATURE);
    String time = attributes == null ? null : attributes.get(RegistrationSignature.SIGN_TIME);
    if (accessKey == null || signature == null || time == null) {
      return new RegistrationRules.Refusal("this session accepts only signed registrations: give"
          + " the client a RosterAuthManager with its access key and secret key", "unsigned");
    }
    String secret = secrets.get(accessKey);
    if (secret == null) {
      return new RegistrationRules.Refusal("unknown access key", "unknown access key");
    }
    long signedAt;
    try {
      signedAt = Long.parseLong(time);
    } catch (NumberFormatException e) {
      return new RegistrationRules.Refusal("signing time is not a number", "bad signing time");
    }
    if (Math.abs(nowMillis - signedAt) > maxSkew.toMillis()) {
      return new RegistrationRules.Refusal("signed " + (nowMillis - signedAt) / 1000
          + " s from the session's clock, more than the " + maxSkew.toSeconds() + " s allowed",
          "signing time out of range");
    }
    if (!RegistrationSignature.matches(signature, secret, accessKey, signedAt, r)) {
      return new RegistrationRules.Refusal("signature does not match the registration",
          "bad signature");
    }
    return null;
  }

  @Override
  public String toString() {
    return "ClientAuth[" + secrets.size() + " access keys, max skew " + maxSkew + "]";
  }
}
