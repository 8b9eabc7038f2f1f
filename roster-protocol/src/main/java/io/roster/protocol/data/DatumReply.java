package io.roster.protocol.data;

import io.roster.protocol.Status;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The publishers of one dataInfoId at one version; only meaningful when status is OK.
 *
 * <p>The publishers travel packed in one {@code byte[]} (per publisher: {@code varint(zone index
 * + 1)}, then its {@link PayloadCodec} bytes with a varint length) plus a table of the zones.
 * A session fetches a datum on every change, so this reply is the hottest internal message: packed,
 * Hessian copies it in bulk instead of decoding one object and string per publisher.
 */
public final class DatumReply implements Serializable {
  private static final long serialVersionUID = 2L;

  private final Status status;
  private final String dataInfoId;
  private final long version;
  private final int publisherCount;
  private final ArrayList<String> zones;
  private final byte[] publishers;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private DatumReply() {
    this(null, null, 0L, 0, new ArrayList<>(), PayloadCodec.EMPTY);
  }

  private DatumReply(Status status, String dataInfoId, long version, int publisherCount,
      ArrayList<String> zones, byte[] publishers) {
    this.status = status;
    this.dataInfoId = dataInfoId;
    this.version = version;
    this.publisherCount = publisherCount;
    this.zones = zones;
    this.publishers = publishers;
  }

  public static DatumReply failed(Status status, String dataInfoId) {
    return new DatumReply(status, dataInfoId, 0, 0, new ArrayList<>(), PayloadCodec.EMPTY);
  }

  public static DatumReply empty(String dataInfoId, long version) {
    return new Builder(dataInfoId, version, 0).build();
  }

  public Status status() {
    return status;
  }

  public String dataInfoId() {
    return dataInfoId;
  }

  public long version() {
    return version;
  }

  public int publisherCount() {
    return publisherCount;
  }

  /** Bytes of the packed publishers: what sending this reply costs, roughly. */
  public int packedSize() {
    return publishers == null ? 0 : publishers.length;
  }

  /** Decodes the publishers; throws {@link IllegalArgumentException} if the bytes are corrupt. */
  public List<PublisherView> publishers() {
    byte[] packed = publishers == null ? PayloadCodec.EMPTY : publishers;
    List<String> zones = checkedZones();
    // The count comes from the wire: never presize beyond what the bytes could hold.
    List<PublisherView> views = new ArrayList<>(Math.max(0, Math.min(publisherCount, packed.length / 2)));
    VarBytes.Reader in = new VarBytes.Reader(packed, 0, packed.length);
    while (in.hasMore()) {
      long zone = in.varint();
      if (zone < 0 || zone > zones.size()) {
        throw new IllegalArgumentException("zone index " + zone + " of " + zones.size());
      }
      views.add(new PublisherView(zone == 0 ? null : zones.get((int) zone - 1),
          PayloadCodec.decode(in.lengthPrefixed())));
    }
    return views;
  }

  private List<String> checkedZones() {
    if (zones == null) {
      return List.of();
    }
    for (Object zone : zones) {
      if (!(zone instanceof String)) {
        throw new IllegalArgumentException("zone table holds a " + (zone == null ? "null" : zone.getClass().getName()));
      }
    }
    return zones;
  }

  @Override
  public String toString() {
    return "DatumReply{" + status + " " + dataInfoId + " v" + version + " pubs=" + publisherCount + "}";
  }

  /** Packs publishers one at a time; used by the data node, on its store thread. */
  public static final class Builder {
    private final String dataInfoId;
    private final long version;
    private final VarBytes.Writer out;
    private final ArrayList<String> zones = new ArrayList<>(2);
    private final Map<String, Integer> zoneIndex = new HashMap<>(4);
    private int count;

    public Builder(String dataInfoId, long version, int expectedPublishers) {
      this.dataInfoId = dataInfoId;
      this.version = version;
      this.out = new VarBytes.Writer(expectedPublishers * 112);
    }

    public Builder add(String zone, byte[] payload) {
      out.varint(zone == null ? 0 : zoneIndex.computeIfAbsent(zone, z -> {
        zones.add(z);
        return zones.size();
      }));
      out.varint(payload.length);
      out.bytes(payload, 0, payload.length);
      count++;
      return this;
    }

    public DatumReply build() {
      return new DatumReply(Status.OK, dataInfoId, version, count, zones, out.toByteArray());
    }
  }
}
