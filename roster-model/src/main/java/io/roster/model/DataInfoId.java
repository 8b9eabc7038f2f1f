package io.roster.model;

import java.util.Objects;

/**
 * The identity of one piece of registry data: {@code dataId#@#instanceId#@#group}, exactly as
 * SOFARegistry spells it, so that admin tools and logs read the same on both systems.
 */
public record DataInfoId(String dataId, String instanceId, String group) {

  public static final String DEFAULT_INSTANCE_ID = "DEFAULT_INSTANCE_ID";
  public static final String DEFAULT_GROUP = "DEFAULT_GROUP";
  private static final String SEPARATOR = "#@#";

  public DataInfoId {
    Objects.requireNonNull(dataId, "dataId");
    instanceId = blankToDefault(instanceId, DEFAULT_INSTANCE_ID);
    group = blankToDefault(group, DEFAULT_GROUP);
  }

  /** Parses the canonical form; the inverse of {@link #toString()}. */
  public static DataInfoId parse(String canonical) {
    String[] parts = canonical.split(SEPARATOR, -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a dataInfoId: " + canonical);
    }
    return new DataInfoId(parts[0], parts[1], parts[2]);
  }

  private static String blankToDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  @Override
  public String toString() {
    return dataId + SEPARATOR + instanceId + SEPARATOR + group;
  }
}
