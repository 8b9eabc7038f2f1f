package io.roster.protocol.data;

import java.util.List;

/**
 * What one replicated change did to one datum at the slot leader, as the follower must repeat it:
 * the publishers put or removed, and the datum's version afterwards.
 *
 * @param mode {@link Mode#CHANGE} applies {@code puts} and {@code removes} to what the follower
 *     holds; {@link Mode#REPLACE} first empties the datum (a catch-up image; a large datum is sent
 *     as one REPLACE followed by CHANGEs); {@link Mode#DELETE} forgets the datum
 */
public record DatumDelta(String dataInfoId, long version, Mode mode, List<ReplicaEntry> puts,
    List<String> removes) {

  public enum Mode { CHANGE, REPLACE, DELETE }

  public DatumDelta {
    puts = List.copyOf(puts);
    removes = List.copyOf(removes);
  }
}
