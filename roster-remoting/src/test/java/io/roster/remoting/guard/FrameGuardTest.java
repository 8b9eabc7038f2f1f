package io.roster.remoting.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frame guard on an embedded channel: what it refuses, and that valid bytes pass intact. */
class FrameGuardTest {

  private static final long MAX = 64 * 1024;
  private final BoltGuard guard = new BoltGuard(GuardLimits.DEFAULT.withMaxFrameBytes(MAX), "test");

  @Test
  void theFortyByteOverflowFrameIsRefusedAtItsHeader() {
    // Bolt 1.6.12 adds 9 + 0 + 2,147,483,639 in an int, gets a negative sum, and allocates 2 GB.
    byte[] frame = Arrays.copyOf(v1Request(1, 9, 0, 2_147_483_639, 0), 40);
    EmbeddedChannel channel = channel();
    channel.writeInbound(Unpooled.wrappedBuffer(frame));
    assertRefused(channel);
  }

  @Test
  void negativeLengthsAreRefused() {
    for (byte[] header : List.of(v1Request(1, -1, 0, 0, 0), v1Request(1, 0, -5, 0, 0),
        v1Request(1, 0, 0, -1, 0), v2Request(1, 0, 0, Integer.MIN_VALUE, false, 0))) {
      EmbeddedChannel channel = channel();
      channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(header, header.length)));
      assertRefused(channel);
    }
    assertThat(guard.refusedFrames()).isEqualTo(4);
  }

  @Test
  void aFrameOverTheMaximumIsRefusedBeforeItsBodyArrives() {
    EmbeddedChannel channel = channel();
    byte[] header = v1Request(1, 3, 0, (int) MAX, 0);
    channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(header, 22)));
    assertRefused(channel);
  }

  @Test
  void aFrameOfExactlyTheMaximumPasses() {
    EmbeddedChannel channel = channel();
    byte[] frame = v1Request(1, 0, 0, (int) MAX - 22, 0);
    channel.writeInbound(Unpooled.wrappedBuffer(frame));
    assertThat(channel.isOpen()).isTrue();
    assertThat(drain(channel)).isEqualTo(frame);
  }

  @Test
  void unknownProtocolTypeOrVersionIsRefused() {
    byte[][] bad = {{9, 1, 0, 1}, {1, 7, 0, 1}, {2, 3, 1, 0}, {2, 1, 5, 0}};
    for (byte[] bytes : bad) {
      EmbeddedChannel channel = channel();
      channel.writeInbound(Unpooled.wrappedBuffer(bytes));
      assertRefused(channel);
    }
  }

  @Test
  void validFramesOfBothProtocolsPassIntactWhereverTheyAreSplit() {
    byte[] stream = concat(
        v1Request(1, 12, 3, 40, 1),          // request
        v1Request(2, 12, 0, 7, 2),           // one-way
        v1Request(1, 0, 0, 0, 0),            // heartbeat: command 0, no body
        v1Response(12, 0, 33),               // response
        v1Response(0, 0, 0),                 // heartbeat ack
        v2Request(1, 10, 2, 50, true, 0),    // request with CRC
        v2Request(2, 5, 0, 9, false, 1),     // one-way, protocol version 1
        v2Request(1, 0, 0, 0, false, 2),     // heartbeat
        v2Response(10, 0, 20, true),         // response with CRC
        v2Response(0, 0, 0, false));         // heartbeat ack
    for (int split = 0; split <= stream.length; split++) {
      EmbeddedChannel channel = channel();
      ByteBuf first = Unpooled.wrappedBuffer(stream, 0, split);
      ByteBuf second = Unpooled.wrappedBuffer(stream, split, stream.length - split);
      channel.writeInbound(first);
      channel.writeInbound(second);
      assertThat(channel.isOpen()).as("split at %d", split).isTrue();
      assertThat(drain(channel)).as("split at %d", split).isEqualTo(stream);
    }
    assertThat(guard.refusedFrames()).isZero();
  }

  @Test
  void everyByteOnItsOwnPassesIntact() {
    byte[] stream = concat(v2Request(1, 10, 2, 50, true, 0), v1Response(12, 0, 33));
    EmbeddedChannel channel = channel();
    for (byte b : stream) {
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
    assertThat(channel.isOpen()).isTrue();
    assertThat(drain(channel)).isEqualTo(stream);
  }

  @Test
  void passedBuffersAreTheOnesThatArrivedNotCopies() {
    EmbeddedChannel channel = channel();
    ByteBuf in = Unpooled.wrappedBuffer(v1Request(1, 4, 0, 8, 0));
    channel.writeInbound(in);
    ByteBuf out = channel.readInbound();
    assertThat(out).isSameAs(in);
    out.release();
  }

  @Test
  void nothingAfterARefusalIsPassed() {
    EmbeddedChannel channel = channel();
    ByteBuf bad = Unpooled.wrappedBuffer(v1Request(1, 0, 0, -1, 0));
    channel.writeInbound(bad);
    assertThat(bad.refCnt()).isZero();
    assertRefused(channel);
  }

  private EmbeddedChannel channel() {
    return new EmbeddedChannel(guard.newHandler());
  }

  private static void assertRefused(EmbeddedChannel channel) {
    assertThat(channel.isOpen()).isFalse();
    assertThat((Object) channel.readInbound()).isNull();
  }

  private static byte[] drain(EmbeddedChannel channel) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuf buf; (buf = channel.readInbound()) != null; ) {
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      out.writeBytes(bytes);
      buf.release();
    }
    return out.toByteArray();
  }

  /** A protocol 1 request frame (type 1 or one-way 2), its body filled with {@code fill}. */
  static byte[] v1Request(int type, int classLen, int headerLen, int contentLen, int fill) {
    ByteBuffer h = ByteBuffer.allocate(22).put((byte) 1).put((byte) type)
        .putShort((short) (classLen == 0 && contentLen == 0 ? 0 : 1)).put((byte) 1).putInt(7)
        .put((byte) 1).putInt(3000);
    return withBody(lengths(h, classLen, headerLen, contentLen), classLen, headerLen, contentLen, 0, fill);
  }

  static byte[] v1Response(int classLen, int headerLen, int contentLen) {
    ByteBuffer h = ByteBuffer.allocate(20).put((byte) 1).put((byte) 0).putShort((short) 2)
        .put((byte) 1).putInt(7).put((byte) 1).putShort((short) 0);
    return withBody(lengths(h, classLen, headerLen, contentLen), classLen, headerLen, contentLen, 0, 5);
  }

  /** A protocol 2 request; {@code ver1} 2 with {@code crc} appends a CRC, ver1 1 never does. */
  static byte[] v2Request(int type, int classLen, int headerLen, int contentLen, boolean crc, int fill) {
    int ver1 = fill == 1 ? 1 : 2;
    ByteBuffer h = ByteBuffer.allocate(24).put((byte) 2).put((byte) ver1).put((byte) type)
        .putShort((short) 1).put((byte) 1).putInt(9).put((byte) 1).put((byte) (crc ? 1 : 0))
        .putInt(3000);
    return withBody(lengths(h, classLen, headerLen, contentLen), classLen, headerLen, contentLen,
        crc && ver1 == 2 ? 4 : 0, fill);
  }

  static byte[] v2Response(int classLen, int headerLen, int contentLen, boolean crc) {
    ByteBuffer h = ByteBuffer.allocate(22).put((byte) 2).put((byte) 2).put((byte) 0)
        .putShort((short) 2).put((byte) 1).putInt(9).put((byte) 1).put((byte) (crc ? 1 : 0))
        .putShort((short) 0);
    return withBody(lengths(h, classLen, headerLen, contentLen), classLen, headerLen, contentLen,
        crc ? 4 : 0, 6);
  }

  private static byte[] lengths(ByteBuffer h, int classLen, int headerLen, int contentLen) {
    return h.putShort((short) classLen).putShort((short) headerLen).putInt(contentLen).array();
  }

  /** The header and, when the lengths are small and valid, the body (so the frame is complete). */
  private static byte[] withBody(byte[] header, int classLen, int headerLen, int contentLen,
      int crc, int fill) {
    long body = (long) classLen + headerLen + contentLen + crc;
    if (classLen < 0 || headerLen < 0 || contentLen < 0 || body > MAX) {
      return header;
    }
    byte[] frame = Arrays.copyOf(header, header.length + (int) body);
    Arrays.fill(frame, header.length, frame.length, (byte) (fill + 0x40));
    return frame;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<byte[]> all = new ArrayList<>(List.of(parts));
    all.forEach(out::writeBytes);
    return out.toByteArray();
  }
}
