package io.roster.remoting.guard;

/**
 * What the guard knows of bolt's wire format (1.6.12, {@code RpcCommandDecoder} and
 * {@code RpcCommandDecoderV2}): enough of each frame header to learn how long the frame is.
 *
 * <pre>
 * protocol 1 request  (22): proto=1 type(1) cmd(2) ver(1) id(4) codec(1) timeout(4) lengths(8)
 * protocol 1 response (20): proto=1 type(1) cmd(2) ver(1) id(4) codec(1) status(2)  lengths(8)
 * protocol 2 request  (24): proto=2 ver1(1) type(1) cmd(2) ver2(1) id(4) codec(1) switch(1) timeout(4) lengths(8)
 * protocol 2 response (22): proto=2 ver1(1) type(1) cmd(2) ver2(1) id(4) codec(1) switch(1) status(2)  lengths(8)
 * lengths: classLen(2) headerLen(2) contentLen(4), signed big-endian, the last 8 bytes of the header
 * then class, header and content; protocol 2 with ver1 = 2 and switch bit 0 (CRC) adds a 4-byte CRC
 * </pre>
 *
 * Types: 0 response, 1 request, 2 one-way request; heartbeats are requests (command 0) and
 * responses like any other. Bolt waits forever for a frame of an unknown protocol-2 version,
 * buffering everything after it, so an unknown version is refused like an unknown type.
 */
final class BoltFrames {

  /** The largest header; the guard's scratch buffer. */
  static final int MAX_HEADER = 24;
  /** {@link #headerLength} cannot tell yet: more bytes needed. */
  static final int NEED_MORE = 0;

  private BoltFrames() {}

  /**
   * The header length of the frame that starts with {@code have} bytes of {@code h}, {@link
   * #NEED_MORE}, or -1 when those bytes are no bolt frame the server would accept.
   */
  static int headerLength(byte[] h, int have) {
    if (have < 2) {
      return have == 1 && h[0] != 1 && h[0] != 2 ? -1 : NEED_MORE;
    }
    if (h[0] == 1) {
      return lengthOfType(h[1], 22, 20);
    }
    if (h[1] != 1 && h[1] != 2) {
      return -1;
    }
    return have < 3 ? NEED_MORE : lengthOfType(h[2], 24, 22);
  }

  private static int lengthOfType(byte type, int request, int response) {
    return switch (type) {
      case 1, 2 -> request;
      case 0 -> response;
      default -> -1;
    };
  }

  /**
   * The bytes that follow a complete header of {@code length} bytes: class, header, content and
   * CRC, as a long so that no declaration can overflow; -1 if any declared length is negative.
   */
  static long bodyLength(byte[] h, int length) {
    int classLen = (short) (((h[length - 8] & 0xff) << 8) | (h[length - 7] & 0xff));
    int headerLen = (short) (((h[length - 6] & 0xff) << 8) | (h[length - 5] & 0xff));
    int contentLen = ((h[length - 4] & 0xff) << 24) | ((h[length - 3] & 0xff) << 16)
        | ((h[length - 2] & 0xff) << 8) | (h[length - 1] & 0xff);
    if (classLen < 0 || headerLen < 0 || contentLen < 0) {
      return -1;
    }
    boolean crc = h[0] == 2 && h[1] == 2 && (h[11] & 1) != 0;
    return (long) classLen + headerLen + contentLen + (crc ? 4 : 0);
  }
}
