package io.roster.model;

/**
 * Datum versions grow forever: {@code max(nowMillis << 16, floor + 1)}. The low 16 bits leave
 * room for 65,536 changes per millisecond before the wall clock has to move, and the floor keeps
 * the order when the clock steps back or a new leader takes over a slot.
 */
public final class DatumVersions {

  /** The version of a dataInfoId that has never had a publisher. */
  public static final long NEVER_PUBLISHED = 1L;

  private DatumVersions() {}

  public static long next(long nowMillis, long floor) {
    return Math.max(nowMillis << 16, floor + 1);
  }
}
