package io.roster.server.config;

import java.util.Locale;

/** The roles one Roster process can run, in start order: meta first, session last. */
public enum RoleName {
  META,
  DATA,
  SESSION;

  /** The name used in {@code roster.roles} and in log lines, e.g. {@code meta}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
