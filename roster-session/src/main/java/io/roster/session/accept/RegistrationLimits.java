package io.roster.session.accept;

/**
 * How large the parts of one client registration may be. Lengths are in characters. Every limit
 * is far above what the official client and SOFARPC send (a SOFARPC dataId such as
 * {@code com.foo.Service:1.0@DEFAULT} is a few dozen characters; the client's registIds are
 * 36-character UUIDs; a publisher carries one value, or a handful), and far below what would let
 * one connection make the session and data nodes hold megabytes per registration.
 *
 * @param maxDataIdLength longest dataId
 * @param maxGroupLength longest group
 * @param maxInstanceIdLength longest instanceId
 * @param maxAppNameLength longest appName
 * @param maxZoneLength longest zone (stored with each publisher and subscriber)
 * @param maxRegistIdLength longest registId
 * @param maxDataEntries most entries in a publisher's data list, null entries included
 * @param maxNullEntries most null entries (a null DataBox or one without data) in that list
 */
public record RegistrationLimits(int maxDataIdLength, int maxGroupLength, int maxInstanceIdLength,
    int maxAppNameLength, int maxZoneLength, int maxRegistIdLength, int maxDataEntries,
    int maxNullEntries) {

  public static final int DEFAULT_MAX_DATA_ID_LENGTH = 512;
  public static final int DEFAULT_MAX_NAME_LENGTH = 256;
  /** A UUID is 36; room for a client that adds a prefix, should one ever do so. */
  public static final int DEFAULT_MAX_REGIST_ID_LENGTH = 64;
  public static final int DEFAULT_MAX_DATA_ENTRIES = 1000;
  public static final int DEFAULT_MAX_NULL_ENTRIES = 16;

  public static final RegistrationLimits DEFAULTS = new RegistrationLimits(
      DEFAULT_MAX_DATA_ID_LENGTH, DEFAULT_MAX_NAME_LENGTH, DEFAULT_MAX_NAME_LENGTH,
      DEFAULT_MAX_NAME_LENGTH, DEFAULT_MAX_NAME_LENGTH, DEFAULT_MAX_REGIST_ID_LENGTH,
      DEFAULT_MAX_DATA_ENTRIES, DEFAULT_MAX_NULL_ENTRIES);

  public RegistrationLimits {
    if (maxDataIdLength < 1 || maxGroupLength < 1 || maxInstanceIdLength < 1
        || maxAppNameLength < 1 || maxZoneLength < 1 || maxRegistIdLength < 1
        || maxDataEntries < 1 || maxNullEntries < 0) {
      throw new IllegalArgumentException("registration limits must be positive (null entries: not"
          + " negative)");
    }
  }
}
