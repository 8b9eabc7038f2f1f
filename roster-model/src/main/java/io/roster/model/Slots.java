package io.roster.model;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** Maps a dataInfoId to its slot: {@code crc32c(dataInfoId) & (slots - 1)}. */
public final class Slots {

  public static final int DEFAULT_SLOT_COUNT = 256;

  private Slots() {}

  public static int slotOf(String dataInfoId, int slotCount) {
    if (Integer.bitCount(slotCount) != 1) {
      throw new IllegalArgumentException("slot count must be a power of two: " + slotCount);
    }
    CRC32C crc = new CRC32C();
    crc.update(dataInfoId.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() & (slotCount - 1));
  }
}
