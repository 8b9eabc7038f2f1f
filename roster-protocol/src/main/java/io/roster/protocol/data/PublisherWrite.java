package io.roster.protocol.data;

/**
 * One change to one publisher, as a session forwards it to the slot leader (packed into a
 * {@link WriteBatch} on the wire).
 *
 * <p>Ownership: a publisher is owned by {@code (sessionAddress, sessionIncarnation, connectId)}.
 * Registrations of one registId are ordered by {@code (clientVersion, receivedAtMillis)}; a
 * {@link Kind#CLIENT_OFF} removes the publisher only while that owner still matches, so a late
 * client-off of an old connection never deletes a registration that moved to a new one.
 */
public final class PublisherWrite {

  public enum Kind {
    /** Register or republish. */
    PUT,
    /** The client unregistered: leaves a tombstone at {@code clientVersion}. */
    UNREGISTER,
    /** The client's connection closed: remove only if the owner still matches. */
    CLIENT_OFF
  }

  private final Kind kind;
  private final String dataInfoId;
  private final String registId;
  private final String connectId;
  private final long clientVersion;
  private final long receivedAtMillis;
  private final String zone;
  private final String appName;
  /** The client's values, packed by {@link PayloadCodec}. */
  private final byte[] payload;

  public PublisherWrite(Kind kind, String dataInfoId, String registId, String connectId,
      long clientVersion, long receivedAtMillis, String zone, String appName, byte[] payload) {
    this.kind = kind;
    this.dataInfoId = dataInfoId;
    this.registId = registId;
    this.connectId = connectId;
    this.clientVersion = clientVersion;
    this.receivedAtMillis = receivedAtMillis;
    this.zone = zone;
    this.appName = appName;
    this.payload = payload == null ? PayloadCodec.EMPTY : payload;
  }

  public Kind kind() {
    return kind;
  }

  public String dataInfoId() {
    return dataInfoId;
  }

  public String registId() {
    return registId;
  }

  public String connectId() {
    return connectId;
  }

  public long clientVersion() {
    return clientVersion;
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

  /** The packed values; shared, never modified. */
  public byte[] payload() {
    return payload;
  }

  @Override
  public String toString() {
    return "PublisherWrite{" + kind + " " + dataInfoId + " " + registId + " v" + clientVersion
        + " conn=" + connectId + "}";
  }
}
