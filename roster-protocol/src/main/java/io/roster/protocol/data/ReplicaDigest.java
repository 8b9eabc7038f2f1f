package io.roster.protocol.data;

import io.roster.protocol.Status;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a replica holds of one slot, per datum: its version and a hash of its publishers (registId,
 * owner, client version, payload). Two replicas that agree on both for a datum hold the same datum;
 * versions alone do not prove it, since two leaders can each issue the same version number. The
 * entries travel packed: dataInfoId, version, hash, repeated.
 */
public final class ReplicaDigest implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Status status;
  private final long leaderEpoch;
  private final byte[] packed;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private ReplicaDigest() {
    this.status = null;
    this.leaderEpoch = 0L;
    this.packed = PayloadCodec.EMPTY;
  }

  /** @param datums dataInfoId → {version, hash} */
  public ReplicaDigest(Status status, long leaderEpoch, Map<String, long[]> datums) {
    this.status = status;
    this.leaderEpoch = leaderEpoch;
    VarBytes.Writer out = new VarBytes.Writer(16 + datums.size() * 48);
    datums.forEach((id, versionAndHash) -> {
      out.string(id);
      out.varint(versionAndHash[0]);
      out.varint(versionAndHash[1]);
    });
    this.packed = out.toByteArray();
  }

  public static ReplicaDigest refused(Status status, long leaderEpoch) {
    return new ReplicaDigest(status, leaderEpoch, Map.of());
  }

  public Status status() {
    return status;
  }

  /** The leader epoch the follower's table holds for the slot. */
  public long leaderEpoch() {
    return leaderEpoch;
  }

  /** dataInfoId → {version, hash}; throws {@link IllegalArgumentException} if corrupt. */
  public Map<String, long[]> datums() {
    byte[] bytes = packed == null ? PayloadCodec.EMPTY : packed;
    VarBytes.Reader in = new VarBytes.Reader(bytes, 0, bytes.length);
    Map<String, long[]> datums = new LinkedHashMap<>();
    while (in.hasMore()) {
      String id = in.nullableString();
      if (id == null) {
        throw new IllegalArgumentException("digest entry without dataInfoId");
      }
      datums.put(id, new long[] {in.varint(), in.varint()});
    }
    return datums;
  }

  @Override
  public String toString() {
    return "ReplicaDigest{" + status + " epoch " + leaderEpoch + " " + (packed == null ? 0 : packed.length) + " bytes}";
  }
}
