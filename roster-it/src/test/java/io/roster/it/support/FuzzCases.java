package io.roster.it.support;

import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.SubscriberRegister;
import com.caucho.hessian.io.Hessian2Output;
import io.roster.protocol.link.LinkHello;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Fuzz inputs for bolt and HTTP ports, each a pure function of a {@link Random}, so a seed
 * replays a run. Half the bolt cases start from a valid frame (a real registration, a subscriber,
 * a heartbeat, a member handshake, a protocol 2 frame, an answer sent the wrong way, the
 * overflowing header of ATTACKS.md) and mutate
 * it: flipped bits, overwritten bytes, length fields set to edge values, truncation, appended or
 * inserted bytes, a second frame behind the first; the rest are random bytes, some behind a valid
 * protocol code. HTTP cases mutate valid GETs the same way and add what HTTP parsers trip over:
 * odd methods and versions, bad percent-escapes, long lines, headers without a colon, bare LFs,
 * NUL bytes, conflicting body lengths. Sizes stay small (a few KB): what huge frames do is
 * covered by BoltGuardIT; here the point is the variety of shapes.
 */
public final class FuzzCases {

  /** Offsets of classLen, headerLen and contentLen in a protocol 1 request header. */
  private static final int[] V1_LENGTHS = {14, 16, 18};
  private static final int[] EDGE_INTS = {0, 1, -1, 2, 127, 128, 255, 256, 32767, -32768, 65535,
      Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 8, 1 << 20, 1 << 28};
  private static final List<String> HTTP_PATHS = List.of("/api/servers/query",
      "/api/servers/query?zone=DEFAULT_ZONE", "/health/check", "/metrics", "/digest/session/count",
      "/digest/datum/count", "/api/slots", "/", "/nope");
  private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE",
      "OPTIONS", "TRACE", "CONNECT", "PRI", "get", "G\0T", "", "GET GET", "X".repeat(300));
  private static final List<String> ESCAPES = List.of("%", "%z", "%zz", "%00", "%ff", "%c0%af",
      "%25", "%2F..%2F", "?%", "?a=%", "#", "\\", "..", "//", "\u00e9", "\t", " ");

  private final List<byte[]> boltSeeds;

  public FuzzCases() {
    boltSeeds = List.of(
        v1Request(PublisherRegister.class.getName(),
            hessian(RawRegistrations.publisher("fuzz-seed", UUID.randomUUID().toString(), 1,
                RawRegistrations.REGISTER, "v"))),
        v1Request(SubscriberRegister.class.getName(), hessian(subscriber())),
        v1Request(LinkHello.class.getName(), hessian(new LinkHello(new byte[16], "fuzz"))),
        v1Heartbeat(),
        v1Answer(),
        v2Request(SubscriberRegister.class.getName(), hessian(subscriber())),
        AttackSockets.overflowFrame()); // ATTACKS.md "Broke 3", so its neighbours get tried too
  }

  /** One bolt case. */
  public byte[] bolt(Random random) {
    int kind = random.nextInt(10);
    if (kind < 2) {
      return randomBytes(random, random.nextInt(1024));
    }
    if (kind == 2) {
      byte[] bytes = randomBytes(random, 1 + random.nextInt(512));
      bytes[0] = (byte) (1 + random.nextInt(2)); // a valid protocol code, then noise
      return bytes;
    }
    byte[] seed = boltSeeds.get(random.nextInt(boltSeeds.size()));
    if (kind == 3) {
      return seed.clone(); // unmutated: valid frames in between keep the decoder honest
    }
    byte[] bytes = seed;
    int mutations = 1 + random.nextInt(3);
    for (int i = 0; i < mutations; i++) {
      bytes = mutateBolt(random, bytes);
    }
    return bytes;
  }

  /** One HTTP case. */
  public byte[] http(Random random) {
    if (random.nextInt(10) == 0) {
      return randomBytes(random, random.nextInt(512));
    }
    String method = random.nextInt(3) == 0 ? pick(random, METHODS) : "GET";
    StringBuilder target = new StringBuilder(pick(random, HTTP_PATHS));
    for (int i = random.nextInt(3); i > 0; i--) {
      target.insert(random.nextInt(target.length() + 1), pick(random, ESCAPES));
    }
    if (random.nextInt(20) == 0) {
      target.append("a".repeat(random.nextInt(16_384)));
    }
    String version = random.nextInt(8) == 0
        ? pick(random, List.of("HTTP/1.0", "HTTP/0.9", "HTTP/2.0", "HTTP/9.9", "HTTP/1.1x", ""))
        : "HTTP/1.1";
    StringBuilder request = new StringBuilder(method + " " + target + " " + version + "\r\n");
    request.append("Host: 127.0.0.1\r\n");
    appendOddHeaders(random, request);
    request.append("\r\n");
    byte[] bytes = request.toString().getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(3) == 0) {
      bytes = flipBits(random, bytes, 1 + random.nextInt(4));
    }
    if (random.nextInt(6) == 0) {
      bytes = truncate(random, bytes);
    }
    return bytes;
  }

  private static void appendOddHeaders(Random random, StringBuilder request) {
    switch (random.nextInt(10)) {
      case 0 -> request.append("X-Long: ").append("v".repeat(random.nextInt(20_000))).append("\r\n");
      case 1 -> request.append("NoColonHere\r\n");
      case 2 -> request.append("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
      case 3 -> request.append("Content-Length: -1\r\n");
      case 4 -> request.append("Content-Length: 99999999999999999999\r\n");
      case 5 -> request.append("X-Fold: a\r\n  folded\r\n");
      case 6 -> request.append("X-Bare: lf\nX-Nul: \0\r\n");
      case 7 -> {
        for (int i = random.nextInt(200); i > 0; i--) {
          request.append("X-H").append(i).append(": ").append(i).append("\r\n");
        }
      }
      case 8 -> request.append("Connection: keep-alive\r\n\r\nGET /health/check HTTP/1.1\r\n");
      default -> {
        // plain
      }
    }
  }

  private static byte[] mutateBolt(Random random, byte[] in) {
    byte[] bytes = in.clone();
    switch (random.nextInt(8)) {
      case 0 -> {
        return flipBits(random, bytes, 1 + random.nextInt(8));
      }
      case 1 -> {
        for (int i = 1 + random.nextInt(4); i > 0 && bytes.length > 0; i--) {
          bytes[random.nextInt(bytes.length)] = (byte) pick(random, new int[] {0, 0xff, 0x7f, 0x80,
              random.nextInt(256)});
        }
        return bytes;
      }
      case 2 -> {
        return setLength(random, bytes);
      }
      case 3 -> {
        return truncate(random, bytes);
      }
      case 4 -> {
        return concat(bytes, randomBytes(random, 1 + random.nextInt(256)));
      }
      case 5 -> {
        return concat(bytes, in);
      }
      case 6 -> {
        int at = random.nextInt(bytes.length + 1);
        return concat(concat(slice(bytes, 0, at), randomBytes(random, 1 + random.nextInt(16))),
            slice(bytes, at, bytes.length));
      }
      default -> {
        if (bytes.length > 22) { // noise in the body only: the header stays valid
          for (int i = 1 + random.nextInt(8); i > 0; i--) {
            bytes[22 + random.nextInt(bytes.length - 22)] = (byte) random.nextInt(256);
          }
        }
        return bytes;
      }
    }
  }

  private static byte[] setLength(Random random, byte[] bytes) {
    if (bytes.length < 22) {
      return bytes;
    }
    int offset = V1_LENGTHS[random.nextInt(V1_LENGTHS.length)];
    int value = EDGE_INTS[random.nextInt(EDGE_INTS.length)];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    if (offset == 18) {
      buffer.putInt(offset, value);
    } else {
      buffer.putShort(offset, (short) value);
    }
    return bytes;
  }

  private static byte[] v1Request(String clazz, byte[] content) {
    byte[] name = clazz.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(22 + name.length + content.length).put((byte) 1).put((byte) 1)
        .putShort((short) 1).put((byte) 1).putInt(7).put((byte) 1).putInt(3_000)
        .putShort((short) name.length).putShort((short) 0).putInt(content.length).put(name)
        .put(content).array();
  }

  private static byte[] v1Heartbeat() {
    return ByteBuffer.allocate(22).put((byte) 1).put((byte) 1).putShort((short) 0).put((byte) 1)
        .putInt(8).put((byte) 1).putInt(3_000).putShort((short) 0).putShort((short) 0).putInt(0)
        .array();
  }

  private static byte[] v1Answer() {
    return ByteBuffer.allocate(20).put((byte) 1).put((byte) 0).putShort((short) 2).put((byte) 1)
        .putInt(9).put((byte) 1).putShort((short) 0).putShort((short) 0).putShort((short) 0)
        .putInt(0).array();
  }

  /** Protocol 2: proto ver1 type cmd(2) ver2 id(4) codec switch timeout(4) lengths, no CRC. */
  private static byte[] v2Request(String clazz, byte[] content) {
    byte[] name = clazz.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(24 + name.length + content.length).put((byte) 2).put((byte) 1)
        .put((byte) 1).putShort((short) 1).put((byte) 1).putInt(10).put((byte) 1).put((byte) 0)
        .putInt(3_000).putShort((short) name.length).putShort((short) 0).putInt(content.length)
        .put(name).put(content).array();
  }

  private static SubscriberRegister subscriber() {
    SubscriberRegister r = new SubscriberRegister();
    r.setDataId("fuzz-seed");
    r.setGroup("DEFAULT_GROUP");
    r.setInstanceId("DEFAULT_INSTANCE_ID");
    r.setZone("DEFAULT_ZONE");
    r.setScope("zone");
    r.setRegistId(UUID.randomUUID().toString());
    r.setEventType(RawRegistrations.REGISTER);
    r.setVersion(1L);
    r.setTimestamp(System.currentTimeMillis());
    return r;
  }

  private static byte[] hessian(Object value) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Hessian2Output out = new Hessian2Output(bytes);
      out.writeObject(value);
      out.close();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] flipBits(Random random, byte[] bytes, int flips) {
    byte[] out = bytes.clone();
    for (int i = 0; i < flips && out.length > 0; i++) {
      out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return out;
  }

  private static byte[] truncate(Random random, byte[] bytes) {
    return slice(bytes, 0, random.nextInt(bytes.length + 1));
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    return Arrays.copyOfRange(bytes, from, to);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static <T> T pick(Random random, List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static int pick(Random random, int[] from) {
    return from[random.nextInt(from.length)];
  }
}
