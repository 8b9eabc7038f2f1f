package io.roster.session.store;

import io.roster.model.registid.KeyedByRegistId;

/** Immutable records of what clients registered on this session. */
public final class Registration {

  private Registration() {}

  /**
   * A publisher as the session holds it; the session is the source of truth for it. Laid out for a
   * million of them: the registId as two longs ({@link KeyedByRegistId}), the values packed in one
   * {@code byte[]}, and the repeated strings (dataInfoId, zone, app, connection) shared.
   */
  public static final class Pub extends KeyedByRegistId {
    private final String dataInfoId;
    private final String connectId;
    private final long version;
    private final long receivedAtMillis;
    private final String zone;
    private final String appName;
    private final byte[] payload;

    public Pub(String registId, String dataInfoId, String connectId, long version,
        long receivedAtMillis, String zone, String appName, byte[] payload) {
      super(registId);
      this.dataInfoId = dataInfoId;
      this.connectId = connectId;
      this.version = version;
      this.receivedAtMillis = receivedAtMillis;
      this.zone = zone;
      this.appName = appName;
      this.payload = payload;
    }

    public String dataInfoId() {
      return dataInfoId;
    }

    public String connectId() {
      return connectId;
    }

    public long version() {
      return version;
    }

    public long receivedAtMillis() {
      return receivedAtMillis;
    }

    public String zone() {
      return zone;
    }

    public String appName() {
      return appName;
    }

    /** The values packed by {@code PayloadCodec}; shared, never modified. */
    public byte[] payload() {
      return payload;
    }

    @Override
    public String toString() {
      return "Pub{" + registId() + " " + dataInfoId + " v" + version + " conn=" + connectId + "}";
    }
  }

  /**
   * A subscriber. {@code scope} is {@code zone}, {@code dataCenter} or {@code global}; {@code zone}
   * is the client's zone, which a {@code zone}-scoped subscriber is limited to.
   */
  public record Sub(String registId, String dataInfoId, String connectId, long version,
      String dataId, String group, String instanceId, String scope, String zone) {}
}
