package io.roster.protocol.data;

import static io.roster.protocol.data.StringTable.deref;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Slot leader to follower, on the data-to-data link: changes of one slot, in the order the leader
 * made them.
 *
 * <p>A {@link Kind#STREAM} message is one step of the slot's replication stream, numbered
 * {@link #seq()}; a follower applies it only if it holds every step before it. A {@link
 * Kind#CATCH_UP} series (parts 0, 1, …, the last one marked) is the difference between what the
 * follower reported in its digest and what the leader holds at step {@code seq}; once the last part
 * is applied the follower is caught up and follows the stream from {@code seq + 1}.
 *
 * <p>The deltas travel packed in one {@code byte[]} with a table of the strings that repeat
 * (session addresses, connection ids, zones), as {@link WriteBatch} does.
 */
public final class ReplicaAppend implements Serializable {
  private static final long serialVersionUID = 1L;

  public enum Kind { STREAM, CATCH_UP }

  private final int slot;
  private final long leaderEpoch;
  private final long seq;
  private final int kind;
  private final int part;
  private final boolean last;
  private final byte[] packedDeltas;
  private transient List<DatumDelta> decoded;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private ReplicaAppend() {
    this.slot = 0;
    this.leaderEpoch = 0L;
    this.seq = 0L;
    this.kind = 0;
    this.part = 0;
    this.last = false;
    this.packedDeltas = PayloadCodec.EMPTY;
  }

  public ReplicaAppend(int slot, long leaderEpoch, long seq, Kind kind, int part, boolean last,
      List<DatumDelta> deltas) {
    this.slot = slot;
    this.leaderEpoch = leaderEpoch;
    this.seq = seq;
    this.kind = kind.ordinal();
    this.part = part;
    this.last = last;
    this.packedDeltas = pack(deltas);
    this.decoded = List.copyOf(deltas);
  }

  public static ReplicaAppend stream(int slot, long leaderEpoch, long seq, List<DatumDelta> deltas) {
    return new ReplicaAppend(slot, leaderEpoch, seq, Kind.STREAM, 0, true, deltas);
  }

  public int slot() {
    return slot;
  }

  public long leaderEpoch() {
    return leaderEpoch;
  }

  public long seq() {
    return seq;
  }

  /** Throws {@link IllegalArgumentException} for a kind this version does not know. */
  public Kind kind() {
    Kind[] kinds = Kind.values();
    if (kind < 0 || kind >= kinds.length) {
      throw new IllegalArgumentException("unknown replica kind " + kind);
    }
    return kinds[kind];
  }

  public int part() {
    return part;
  }

  public boolean last() {
    return last;
  }

  /** The deltas; throws {@link IllegalArgumentException} if the packed bytes are corrupt. */
  public List<DatumDelta> deltas() {
    if (decoded == null) {
      decoded = Collections.unmodifiableList(unpack(packedDeltas == null ? PayloadCodec.EMPTY : packedDeltas));
    }
    return decoded;
  }

  /** Bytes on the wire for the deltas: what a catch-up part is sized by. */
  public int packedSize() {
    return packedDeltas == null ? 0 : packedDeltas.length;
  }

  private static byte[] pack(List<DatumDelta> deltas) {
    StringTable strings = new StringTable();
    VarBytes.Writer body = new VarBytes.Writer(64 + deltas.size() * 64);
    for (DatumDelta d : deltas) {
      body.string(d.dataInfoId());
      body.varint(d.version());
      body.varint(d.mode().ordinal());
      body.varint(d.puts().size());
      for (ReplicaEntry e : d.puts()) {
        body.string(e.registId());
        body.varint(strings.ref(e.sessionAddress()));
        body.varint(e.sessionIncarnation());
        body.varint(strings.ref(e.connectId()));
        body.varint(e.clientVersion());
        body.varint(e.receivedAtMillis());
        body.varint(strings.ref(e.zone()));
        body.varint(e.payload().length);
        body.bytes(e.payload(), 0, e.payload().length);
      }
      body.varint(d.removes().size());
      d.removes().forEach(body::string);
    }
    return strings.pack(body);
  }


  private static List<DatumDelta> unpack(byte[] packed) {
    VarBytes.Reader in = new VarBytes.Reader(packed, 0, packed.length);
    if (!in.hasMore()) {
      return List.of();
    }
    List<String> table = StringTable.read(in);
    DatumDelta.Mode[] modes = DatumDelta.Mode.values();
    List<DatumDelta> deltas = new ArrayList<>();
    while (in.hasMore()) {
      String dataInfoId = required(in.nullableString(), "dataInfoId");
      long version = in.varint();
      long mode = in.varint();
      if (mode < 0 || mode >= modes.length) {
        throw new IllegalArgumentException("unknown delta mode " + mode);
      }
      int putCount = in.length();
      List<ReplicaEntry> puts = new ArrayList<>(Math.min(putCount, 4096));
      for (int i = 0; i < putCount; i++) {
        puts.add(new ReplicaEntry(required(in.nullableString(), "registId"),
            required(deref(in, table), "session"), in.varint(), required(deref(in, table), "connectId"),
            in.varint(), in.varint(), deref(in, table), in.lengthPrefixed()));
      }
      int removeCount = in.length();
      List<String> removes = new ArrayList<>(Math.min(removeCount, 4096));
      for (int i = 0; i < removeCount; i++) {
        removes.add(required(in.nullableString(), "registId"));
      }
      deltas.add(new DatumDelta(dataInfoId, version, modes[(int) mode], puts, removes));
    }
    return deltas;
  }

  private static String required(String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException("replica delta without " + what);
    }
    return value;
  }


  @Override
  public String toString() {
    return "ReplicaAppend{slot " + slot + "@" + leaderEpoch + " " + Kind.values()[Math.max(0, Math.min(kind, 1))]
        + " seq " + seq + (kind == Kind.CATCH_UP.ordinal() ? " part " + part + (last ? " last" : "") : "") + "}";
  }
}
