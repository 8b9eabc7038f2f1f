package io.roster.session.accept;

import com.alipay.sofa.registry.core.constants.EventTypeConstants;
import com.alipay.sofa.registry.core.model.BaseRegister;
import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import com.alipay.sofa.registry.core.model.SubscriberRegister;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Stateless checks of a client registration. A registration that breaks one is refused for good
 * ({@code success=true, refused=true}): the official client retries {@code success=false} every
 * 500 ms forever, so that answer is kept for transient trouble only. On {@code refused=true} the
 * 6.3.0 client marks the registration refused and stops sending it.
 *
 * <p>Each {@link Refusal} has a message for the client, which names the field and the limit but
 * never repeats more than a few characters of the input, and a rule: a fixed text per limit, so
 * that the refusal log holds one line per source and rule however the input varies.
 *
 * <p>The registId must be a UUID for every type this session takes (publisher, subscriber,
 * configurator): the 6.3.0 client gives each registration {@code UUID.randomUUID().toString()}
 * once, at creation, and never anything else.
 */
final class RegistrationRules {

  /** What is wrong with a registration: {@code message} for the client, {@code rule} for the log. */
  record Refusal(String message, String rule) {}

  private static final int UUID_LENGTH = 36;
  private static final int QUOTED_CHARS = 32;

  private final int maxPayloadBytes;
  private final RegistrationLimits limits;

  RegistrationRules(int maxPayloadBytes, RegistrationLimits limits) {
    this.maxPayloadBytes = maxPayloadBytes;
    this.limits = limits;
  }

  /** Null when the registration is acceptable, else what is wrong with it. */
  Refusal checkCommon(BaseRegister r) {
    if (isBlank(r.getRegistId())) {
      return fixed("registId is required");
    }
    Refusal refusal = longerThan("registId", r.getRegistId(), limits.maxRegistIdLength());
    if (refusal != null) {
      return refusal;
    }
    if (!isUuid(r.getRegistId())) {
      return new Refusal("registId must be a UUID as the official client sends, was "
          + quoted(r.getRegistId()), "registId is not a UUID");
    }
    if (isBlank(r.getDataId())) {
      return fixed("dataId is required");
    }
    refusal = firstOf(longerThan("dataId", r.getDataId(), limits.maxDataIdLength()),
        longerThan("group", r.getGroup(), limits.maxGroupLength()),
        longerThan("instanceId", r.getInstanceId(), limits.maxInstanceIdLength()),
        longerThan("appName", r.getAppName(), limits.maxAppNameLength()),
        longerThan("zone", r.getZone(), limits.maxZoneLength()));
    if (refusal != null) {
      return refusal;
    }
    if (r.getVersion() == null) {
      return fixed("version is required");
    }
    if (r.getVersion() < 0) {
      return new Refusal("version must not be negative, was " + r.getVersion(),
          "version is negative");
    }
    String event = r.getEventType();
    if (!EventTypeConstants.REGISTER.equals(event) && !EventTypeConstants.UNREGISTER.equals(event)) {
      return new Refusal("eventType must be REGISTER or UNREGISTER, was " + quoted(event),
          "eventType is not REGISTER or UNREGISTER");
    }
    return null;
  }

  Refusal checkPublisher(PublisherRegister r) {
    Refusal common = checkCommon(r);
    if (common != null || EventTypeConstants.UNREGISTER.equals(r.getEventType())) {
      return common;
    }
    return checkData(r.getDataList());
  }

  Refusal checkSubscriber(SubscriberRegister r) {
    Refusal common = checkCommon(r);
    if (common != null) {
      return common;
    }
    if (r.getScope() != null && !ScopeEnum.contains(r.getScope())) {
      return new Refusal("scope must be zone, dataCenter or global, was " + quoted(r.getScope()),
          "scope is not zone, dataCenter or global");
    }
    return null;
  }

  /** Entries first, counted whatever they hold: a million nulls weigh nothing in bytes. */
  private Refusal checkData(List<DataBox> boxes) {
    if (boxes == null) {
      return null;
    }
    if (boxes.size() > limits.maxDataEntries()) {
      return new Refusal("dataList has " + boxes.size() + " entries, more than the limit of "
          + limits.maxDataEntries(), "dataList entries over the limit of " + limits.maxDataEntries());
    }
    long bytes = 0;
    int nulls = 0;
    for (DataBox box : boxes) {
      if (box == null || box.getData() == null) {
        nulls++;
      } else {
        bytes += box.getData().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    if (nulls > limits.maxNullEntries()) {
      return new Refusal("dataList has " + nulls + " null entries, more than the limit of "
          + limits.maxNullEntries(), "dataList null entries over the limit of "
          + limits.maxNullEntries());
    }
    if (bytes > maxPayloadBytes) {
      return new Refusal("payload is " + bytes + " bytes, larger than the limit of "
          + maxPayloadBytes + " bytes", "payload over the limit of " + maxPayloadBytes + " bytes");
    }
    return null;
  }

  /** A missing value is not too long: whether it is required is another rule's business. */
  private static Refusal longerThan(String field, String value, int limit) {
    if (value == null || value.length() <= limit) {
      return null;
    }
    return new Refusal(field + " is " + value.length() + " characters long, more than the limit of "
        + limit, field + " longer than the limit of " + limit);
  }

  private static Refusal firstOf(Refusal... refusals) {
    for (Refusal r : refusals) {
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  private static Refusal fixed(String message) {
    return new Refusal(message, message);
  }

  /** Exactly what {@link java.util.UUID#toString()} prints, in either case. */
  static boolean isUuid(String s) {
    if (s.length() != UUID_LENGTH) {
      return false;
    }
    for (int i = 0; i < UUID_LENGTH; i++) {
      char c = s.charAt(i);
      boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
          : Character.digit(c, 16) >= 0 && c < 128;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The start of a client's value, for a message: never the whole of what may be 100 kB. */
  private static String quoted(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() <= QUOTED_CHARS ? "'" + s + "'" : "'" + s.substring(0, QUOTED_CHARS) + "...'";
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
