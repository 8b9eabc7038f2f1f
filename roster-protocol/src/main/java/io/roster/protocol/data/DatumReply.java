package io.roster.protocol.data;

import io.roster.protocol.Status;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The publishers of one dataInfoId at one version; only meaningful when status is OK. */
public final class DatumReply implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Status status;
  private final String dataInfoId;
  private final long version;
  private final ArrayList<PublisherView> publishers;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private DatumReply() {
    this.status = null;
    this.dataInfoId = null;
    this.version = 0L;
    this.publishers = null;
  }

  public DatumReply(Status status, String dataInfoId, long version, List<PublisherView> publishers) {
    this.status = status;
    this.dataInfoId = dataInfoId;
    this.version = version;
    this.publishers = new ArrayList<>(publishers);
  }

  public static DatumReply failed(Status status, String dataInfoId) {
    return new DatumReply(status, dataInfoId, 0, List.of());
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

  public List<PublisherView> publishers() {
    return Collections.unmodifiableList(publishers);
  }

  @Override
  public String toString() {
    return "DatumReply{" + status + " " + dataInfoId + " v" + version + " pubs=" + publishers.size() + "}";
  }
}
