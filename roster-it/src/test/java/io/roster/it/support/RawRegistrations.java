package io.roster.it.support;

import com.alipay.sofa.registry.core.constants.EventTypeConstants;
import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.RegisterResponse;
import io.roster.remoting.BoltClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hand-made client requests, sent with Roster's own {@link BoltClient} instead of the official
 * client, so tests control registId, version and order exactly.
 */
public final class RawRegistrations {

  public static final String REGISTER = EventTypeConstants.REGISTER;
  public static final String UNREGISTER = EventTypeConstants.UNREGISTER;

  private RawRegistrations() {}

  /** A publisher registration as the official client would build it, default group/instance. */
  public static PublisherRegister publisher(String dataId, String registId, long version,
      String eventType, String... values) {
    PublisherRegister r = new PublisherRegister();
    r.setDataId(dataId);
    r.setGroup("DEFAULT_GROUP");
    r.setInstanceId("DEFAULT_INSTANCE_ID");
    r.setZone("DEFAULT_ZONE");
    r.setAppName("roster-it-raw");
    r.setIp("127.0.0.1");
    r.setRegistId(registId);
    r.setVersion(version);
    r.setTimestamp(System.currentTimeMillis());
    r.setEventType(eventType);
    List<DataBox> boxes = new ArrayList<>();
    for (String v : values) {
      boxes.add(new DataBox(v));
    }
    r.setDataList(boxes);
    return r;
  }

  /** Sends {@code request} and returns the session's {@link RegisterResponse}. */
  public static RegisterResponse call(BoltClient bolt, String address, Object request) {
    Object answer;
    try {
      answer = bolt.invoke(address, request, 5_000).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("request to " + address + " failed: " + e, e);
    }
    if (!(answer instanceof RegisterResponse response)) {
      throw new AssertionError("expected a RegisterResponse, got " + answer);
    }
    return response;
  }

  public static String describe(RegisterResponse r) {
    return "RegisterResponse{success=" + r.isSuccess() + ", refused=" + r.isRefused()
        + ", registId=" + r.getRegistId() + ", version=" + r.getVersion() + ", message="
        + r.getMessage() + "}";
  }
}
