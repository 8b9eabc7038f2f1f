package io.roster.it.support;

import java.util.UUID;

/** Unique dataIds, so tests sharing a cluster never see each other's publishers. */
public final class DataIds {

  private DataIds() {}

  public static String unique(String name) {
    return "it." + name + "." + UUID.randomUUID().toString().substring(0, 8);
  }
}
