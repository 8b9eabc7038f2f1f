package io.roster.session.store;

import java.util.List;

/** Immutable records of what clients registered on this session. */
public final class Registration {

  private Registration() {}

  /** A publisher as the session holds it; the session is the source of truth for it. */
  public record Pub(String registId, String dataInfoId, String connectId, long version,
      long receivedAtMillis, String zone, String appName, byte[] payload) {}

  /**
   * A subscriber. {@code scope} is {@code zone}, {@code dataCenter} or {@code global}; {@code zone}
   * is the client's zone, which a {@code zone}-scoped subscriber is limited to.
   */
  public record Sub(String registId, String dataInfoId, String connectId, long version,
      String dataId, String group, String instanceId, String scope, String zone) {}
}
