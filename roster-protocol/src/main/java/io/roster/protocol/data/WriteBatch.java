package io.roster.protocol.data;

import static io.roster.protocol.data.StringTable.deref;

import io.roster.protocol.data.PublisherWrite.Kind;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Writes of one session for one data node, in the order the session accepted them.
 *
 * <p>Every registration crosses this message, so the writes travel packed in one {@code byte[]}:
 * first a table of the strings that repeat across writes (dataInfoIds, connection ids, zones, app
 * names), then per write its kind, table indexes, registId, versions and packed payload. Hessian
 * copies the array in bulk; field-by-field it decoded five strings per registration.
 *
 * <p>A batch may span several slots of one leader; it carries the leader epoch the session holds
 * for each of them ({@link #slotEpoch(int)}), so data fences every slot on its own.
 */
public final class WriteBatch implements Serializable {
  private static final long serialVersionUID = 3L;

  private final String sessionAddress;
  private final long sessionIncarnation;
  private final int[] slotIds;
  private final long[] slotEpochs;
  private final int writeCount;
  private final byte[] packedWrites;
  /** Decoded once, on first use, by the one thread that handles the batch. */
  private transient List<PublisherWrite> decoded;

  /** For Hessian, which builds an empty instance and then sets the fields. */
  private WriteBatch() {
    this.sessionAddress = null;
    this.sessionIncarnation = 0L;
    this.slotIds = null;
    this.slotEpochs = null;
    this.writeCount = 0;
    this.packedWrites = PayloadCodec.EMPTY;
  }

  /**
   * @param slotEpochs slot id → the leader epoch of that slot in the session's table, for every
   *     slot a write of this batch falls in
   */
  public WriteBatch(String sessionAddress, long sessionIncarnation, Map<Integer, Long> slotEpochs,
      List<PublisherWrite> writes) {
    this.sessionAddress = sessionAddress;
    this.sessionIncarnation = sessionIncarnation;
    this.slotIds = new int[slotEpochs.size()];
    this.slotEpochs = new long[slotEpochs.size()];
    int i = 0;
    for (Map.Entry<Integer, Long> e : slotEpochs.entrySet()) {
      slotIds[i] = e.getKey();
      this.slotEpochs[i++] = e.getValue();
    }
    this.writeCount = writes.size();
    this.packedWrites = pack(writes);
    this.decoded = List.copyOf(writes);
  }

  public String sessionAddress() {
    return sessionAddress;
  }

  public long sessionIncarnation() {
    return sessionIncarnation;
  }

  /** The leader epoch the session holds for {@code slot}, or -1 when the batch names none. */
  public long slotEpoch(int slot) {
    if (slotIds == null || slotEpochs == null) {
      return -1;
    }
    for (int i = 0; i < slotIds.length && i < slotEpochs.length; i++) {
      if (slotIds[i] == slot) {
        return slotEpochs[i];
      }
    }
    return -1;
  }

  public int size() {
    return writeCount;
  }

  /** The writes; throws {@link IllegalArgumentException} if the packed bytes are corrupt. */
  public List<PublisherWrite> writes() {
    if (decoded == null) {
      decoded = Collections.unmodifiableList(unpack(packedWrites == null ? PayloadCodec.EMPTY : packedWrites));
    }
    return decoded;
  }

  private static byte[] pack(List<PublisherWrite> writes) {
    StringTable strings = new StringTable();
    VarBytes.Writer body = new VarBytes.Writer(64 + writes.size() * 160);
    for (PublisherWrite w : writes) {
      body.varint(w.kind().ordinal());
      body.varint(strings.ref(w.dataInfoId()));
      body.string(w.registId());
      body.varint(strings.ref(w.connectId()));
      body.varint(w.clientVersion());
      body.varint(w.receivedAtMillis());
      body.varint(strings.ref(w.zone()));
      body.varint(strings.ref(w.appName()));
      body.varint(w.payload().length);
      body.bytes(w.payload(), 0, w.payload().length);
    }
    return strings.pack(body);
  }


  private static List<PublisherWrite> unpack(byte[] packed) {
    VarBytes.Reader in = new VarBytes.Reader(packed, 0, packed.length);
    if (!in.hasMore()) {
      return List.of();
    }
    List<String> table = StringTable.read(in);
    Kind[] kinds = Kind.values();
    List<PublisherWrite> writes = new ArrayList<>();
    while (in.hasMore()) {
      long kind = in.varint();
      if (kind < 0 || kind >= kinds.length) {
        throw new IllegalArgumentException("unknown write kind " + kind);
      }
      PublisherWrite w = new PublisherWrite(kinds[(int) kind], deref(in, table), in.nullableString(),
          deref(in, table), in.varint(), in.varint(), deref(in, table), deref(in, table),
          in.lengthPrefixed());
      if (w.dataInfoId() == null || w.registId() == null || w.connectId() == null) {
        throw new IllegalArgumentException("write without dataInfoId, registId or connectId");
      }
      writes.add(w);
    }
    return writes;
  }


  @Override
  public String toString() {
    return "WriteBatch{" + sessionAddress + "#" + sessionIncarnation + " slots="
        + (slotIds == null ? 0 : slotIds.length) + " writes=" + writeCount + "}";
  }
}
