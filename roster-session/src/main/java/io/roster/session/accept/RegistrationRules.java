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
 * 500 ms forever, so that answer is kept for transient trouble only.
 */
final class RegistrationRules {

  private final int maxPayloadBytes;

  RegistrationRules(int maxPayloadBytes) {
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /** Null when the registration is acceptable, else what is wrong with it. */
  String checkCommon(BaseRegister r) {
    if (isBlank(r.getRegistId())) {
      return "registId is required";
    }
    if (isBlank(r.getDataId())) {
      return "dataId is required";
    }
    if (r.getVersion() == null) {
      return "version is required";
    }
    String event = r.getEventType();
    if (!EventTypeConstants.REGISTER.equals(event) && !EventTypeConstants.UNREGISTER.equals(event)) {
      return "eventType must be REGISTER or UNREGISTER, was " + event;
    }
    return null;
  }

  String checkPublisher(PublisherRegister r) {
    String common = checkCommon(r);
    if (common != null || EventTypeConstants.UNREGISTER.equals(r.getEventType())) {
      return common;
    }
    long bytes = payloadBytes(r.getDataList());
    if (bytes > maxPayloadBytes) {
      return "payload is " + bytes + " bytes, larger than the limit of " + maxPayloadBytes + " bytes";
    }
    return null;
  }

  String checkSubscriber(SubscriberRegister r) {
    String common = checkCommon(r);
    if (common != null) {
      return common;
    }
    if (r.getScope() != null && !ScopeEnum.contains(r.getScope())) {
      return "scope must be zone, dataCenter or global, was " + r.getScope();
    }
    return null;
  }

  private static long payloadBytes(List<DataBox> boxes) {
    if (boxes == null) {
      return 0;
    }
    long total = 0;
    for (DataBox box : boxes) {
      if (box != null && box.getData() != null) {
        total += box.getData().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return total;
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
