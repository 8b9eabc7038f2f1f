package io.roster.meta.raft;

import io.roster.model.SlotTable;
import io.roster.protocol.NodeRole;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The binary forms of log entries and snapshots. Hand-written {@code DataOutput} fields, a
 * version byte up front, and (for snapshots) a magic number and a CRC32 trailer: the format is
 * ours, readable in any future release, and never runs Java deserialization on disk contents.
 */
final class StateCodec {

  static final String SNAPSHOT_FILE = "meta-state.bin";

  private static final byte COMMAND_VERSION = 1;
  private static final int SNAPSHOT_MAGIC = 0x52535452; // "RSTR"
  /** 2 adds each slot's leader epoch; a version-1 snapshot reads them as the table epoch. */
  private static final int SNAPSHOT_VERSION = 2;

  private static final byte SET_MEMBERS = 1;
  private static final byte SET_SLOT_TABLE = 2;
  private static final byte ANNOUNCE_LEADER = 3;
  private static final byte SET_SWITCH = 4;

  private StateCodec() {}

  /** The entry for {@code command}; IllegalArgumentException if a string exceeds 64 KiB. */
  static byte[] encode(Command command) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(COMMAND_VERSION);
      if (command instanceof Command.SetMembers set) {
        out.writeByte(SET_MEMBERS);
        writeMembers(out, set.members());
      } else if (command instanceof Command.SetSlotTable set) {
        out.writeByte(SET_SLOT_TABLE);
        out.writeLong(set.expectedEpoch());
        writeSlots(out, set.slots(), false);
      } else if (command instanceof Command.AnnounceLeader announce) {
        out.writeByte(ANNOUNCE_LEADER);
        writeLeader(out, announce.endpoint());
      } else if (command instanceof Command.SetSwitch set) {
        out.writeByte(SET_SWITCH);
        out.writeUTF(set.key());
        writeNullable(out, set.value());
      }
    } catch (IOException e) {
      // writeUTF refuses strings over 64 KiB; nothing else can fail writing to memory
      throw new IllegalArgumentException("cannot encode " + command.getClass().getSimpleName()
          + ": " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  static Command decode(ByteBuffer data) throws IOException {
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    byte version = in.readByte();
    if (version != COMMAND_VERSION) {
      throw new IOException("unknown command version " + version);
    }
    byte type = in.readByte();
    return switch (type) {
      case SET_MEMBERS -> new Command.SetMembers(readMembers(in));
      case SET_SLOT_TABLE -> new Command.SetSlotTable(in.readLong(), readSlots(in, false, 0L));
      case ANNOUNCE_LEADER -> new Command.AnnounceLeader(readLeader(in));
      case SET_SWITCH -> new Command.SetSwitch(in.readUTF(), readNullable(in));
      default -> throw new IOException("unknown command type " + type);
    };
  }

  /** Writes {@code state} to {@code file} atomically: a temp file, fsync, then a rename. */
  static void writeSnapshot(Path file, MetaState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(SNAPSHOT_MAGIC);
      out.writeInt(SNAPSHOT_VERSION);
      out.writeLong(state.slotTable().epoch());
      writeSlots(out, state.slotTable().slots(), true);
      writeMembers(out, state.members());
      out.writeBoolean(state.leader() != null);
      if (state.leader() != null) {
        writeLeader(out, state.leader());
      }
      out.writeInt(state.switches().size());
      for (Map.Entry<String, String> e : state.switches().entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
    }
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    new DataOutputStream(bytes).writeLong(crc.getValue());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes.toByteArray()));
      channel.force(true);
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static MetaState readSnapshot(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length < 16) {
      throw new IOException("snapshot " + file + " is truncated");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
    if (stored != crc.getValue()) {
      throw new IOException("snapshot " + file + " fails its checksum");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8));
    if (in.readInt() != SNAPSHOT_MAGIC) {
      throw new IOException(file + " is not a meta snapshot");
    }
    int version = in.readInt();
    if (version != SNAPSHOT_VERSION && version != 1) {
      throw new IOException("unknown snapshot version " + version);
    }
    long epoch = in.readLong();
    SlotTable table = new SlotTable(epoch, readSlots(in, version >= 2, epoch));
    List<Member> members = readMembers(in);
    LeaderEndpoint leader = in.readBoolean() ? readLeader(in) : null;
    int switchCount = in.readInt();
    Map<String, String> switches = new TreeMap<>();
    for (int i = 0; i < switchCount; i++) {
      switches.put(in.readUTF(), in.readUTF());
    }
    return new MetaState(table, members, leader, switches);
  }

  /** Proposals carry placements only ({@code withEpochs} false); snapshots carry leader epochs too. */
  private static void writeSlots(DataOutputStream out, List<SlotTable.Slot> slots, boolean withEpochs)
      throws IOException {
    out.writeInt(slots.size());
    for (SlotTable.Slot slot : slots) {
      out.writeInt(slot.id());
      out.writeUTF(slot.leader());
      out.writeInt(slot.followers().size());
      for (String follower : slot.followers()) {
        out.writeUTF(follower);
      }
      if (withEpochs) {
        out.writeLong(slot.leaderEpoch());
      }
    }
  }

  private static List<SlotTable.Slot> readSlots(DataInputStream in, boolean withEpochs,
      long defaultEpoch) throws IOException {
    int count = checkedCount(in.readInt());
    List<SlotTable.Slot> slots = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int id = in.readInt();
      String leader = in.readUTF();
      int followerCount = checkedCount(in.readInt());
      List<String> followers = new ArrayList<>(followerCount);
      for (int f = 0; f < followerCount; f++) {
        followers.add(in.readUTF());
      }
      long leaderEpoch = withEpochs ? in.readLong() : defaultEpoch;
      slots.add(new SlotTable.Slot(id, leader, followers, leaderEpoch));
    }
    return slots;
  }

  private static void writeMembers(DataOutputStream out, List<Member> members) throws IOException {
    out.writeInt(members.size());
    for (Member member : members) {
      out.writeUTF(member.role().name());
      out.writeUTF(member.address());
      out.writeUTF(member.zone());
      out.writeLong(member.incarnation());
    }
  }

  private static List<Member> readMembers(DataInputStream in) throws IOException {
    int count = checkedCount(in.readInt());
    List<Member> members = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      NodeRole role;
      try {
        role = NodeRole.valueOf(in.readUTF());
      } catch (IllegalArgumentException e) {
        throw new IOException("unknown node role", e);
      }
      members.add(new Member(role, in.readUTF(), in.readUTF(), in.readLong()));
    }
    return members;
  }

  private static void writeLeader(DataOutputStream out, LeaderEndpoint leader) throws IOException {
    out.writeUTF(leader.raftAddress());
    out.writeUTF(leader.boltAddress());
    out.writeUTF(leader.httpAddress());
    out.writeLong(leader.term());
  }

  private static LeaderEndpoint readLeader(DataInputStream in) throws IOException {
    return new LeaderEndpoint(in.readUTF(), in.readUTF(), in.readUTF(), in.readLong());
  }

  private static void writeNullable(DataOutputStream out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }

  private static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  private static int checkedCount(int count) throws IOException {
    if (count < 0 || count > 1 << 20) {
      throw new IOException("implausible element count " + count);
    }
    return count;
  }
}
