package io.roster.protocol.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What subscribers see of one publisher. */
public final class PublisherView implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String registId;
  private final String zone;
  private final ArrayList<String> payload;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private PublisherView() {
    this.registId = null;
    this.zone = null;
    this.payload = null;
  }

  public PublisherView(String registId, String zone, List<String> payload) {
    this.registId = registId;
    this.zone = zone;
    this.payload = new ArrayList<>(payload);
  }

  public String registId() {
    return registId;
  }

  public String zone() {
    return zone;
  }

  public List<String> payload() {
    return Collections.unmodifiableList(payload);
  }

  @Override
  public String toString() {
    return registId + "@" + zone + payload;
  }
}
