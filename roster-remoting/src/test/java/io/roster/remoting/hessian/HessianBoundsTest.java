package io.roster.remoting.hessian;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.SubscriberRegister;
import com.caucho.hessian.io.Hessian2Output;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HessianBoundsTest {

  private static final String TYPE = PublisherRegister.class.getName();
  private final AllowlistSerializer serializer = new AllowlistSerializer(HessianAllowlist.defaults());

  @Test
  void everyBodyHessianWritesPassesAndStillDecodes() throws Exception {
    Random random = new Random(11);
    for (int i = 0; i < 300; i++) {
      Object value = i % 3 == 0 ? publisher(random) : i % 3 == 1 ? subscriber(random)
          : graph(random, 0);
      byte[] body = serializer.serialize(value);
      assertThat(HessianBounds.check(body)).as("case %d: %s", i, value).isNull();
      Object decoded = serializer.deserialize(body, TYPE);
      assertThat(decoded instanceof RefusedPayload).as("case %d: %s", i, decoded).isFalse();
    }
  }

  @Test
  void aClassDefinitionCountingMoreFieldsThanBytesIsRefusedBeforeHessianAllocatesThem()
      throws Exception {
    byte[] body = write(out -> {
      out.writeObjectBegin(TYPE);
      out.writeClassFieldLength(1 << 28); // Hessian would make a String[268435456]: 1 GB or more
      out.writeString("dataId");
    });
    assertThat(HessianBounds.check(body)).contains("class definition field count 268435456");

    long allocated = allocatedBy(() -> assertThat(decode(body))
        .isInstanceOfSatisfying(RefusedPayload.class,
            r -> assertThat(r.auditReason()).isEqualTo("Hessian count over the body's size")));
    assertThat(allocated).as("bytes allocated decoding a 30-byte body").isLessThan(16 << 20);
  }

  @Test
  void aListLongerThanItsBytesIsRefusedBeforeHessianAllocatesIt() throws Exception {
    byte[] typed = write(out -> out.writeListBegin(1 << 28, "[int"));
    assertThat(HessianBounds.check(typed)).contains("list length 268435456");
    long allocated = allocatedBy(() -> assertThat(decode(typed))
        .isInstanceOf(RefusedPayload.class));
    assertThat(allocated).as("bytes allocated decoding a list header").isLessThan(16 << 20);

    byte[] untyped = write(out -> out.writeListBegin(1 << 28, null));
    assertThat(HessianBounds.check(untyped)).contains("list length");
  }

  @Test
  void countsThatFitPassAndNoBytesMakeThePassThrow() throws Exception {
    byte[] fits = write(out -> {
      out.writeListBegin(3, "[int");
      out.writeInt(1);
      out.writeInt(2);
      out.writeInt(3);
      out.writeListEnd();
    });
    assertThat(HessianBounds.check(fits)).isNull();

    Random random = new Random(5);
    byte[] valid = serializer.serialize(publisher(random));
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = i % 2 == 0 ? new byte[random.nextInt(64)] : valid.clone();
      if (i % 2 == 0) {
        random.nextBytes(bytes);
      } else {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      HessianBounds.check(bytes); // must neither throw nor loop
    }
  }

  private Object decode(byte[] body) {
    try {
      return serializer.deserialize(body, TYPE);
    } catch (com.alipay.remoting.exception.CodecException e) {
      throw new AssertionError(e);
    }
  }

  private static long allocatedBy(Runnable action) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    action.run();
    return threads.getThreadAllocatedBytes(id) - before;
  }

  private static PublisherRegister publisher(Random random) {
    PublisherRegister r = new PublisherRegister();
    r.setDataId(text(random));
    r.setGroup("DEFAULT_GROUP");
    r.setInstanceId("DEFAULT_INSTANCE_ID");
    r.setZone(text(random));
    r.setAppName(text(random));
    r.setRegistId(UUID.randomUUID().toString());
    r.setVersion(random.nextLong());
    r.setTimestamp(System.currentTimeMillis());
    r.setEventType("REGISTER");
    Map<String, String> attributes = new HashMap<>();
    attributes.put(text(random), text(random));
    r.setAttributes(attributes);
    List<DataBox> boxes = new ArrayList<>();
    for (int i = random.nextInt(40); i > 0; i--) {
      boxes.add(new DataBox(random.nextInt(10) == 0 ? null : text(random)));
    }
    r.setDataList(boxes);
    return r;
  }

  private static SubscriberRegister subscriber(Random random) {
    SubscriberRegister r = new SubscriberRegister();
    r.setDataId(text(random));
    r.setScope("zone");
    r.setRegistId(UUID.randomUUID().toString());
    r.setVersion((long) random.nextInt());
    return r;
  }

  /** Nested maps, lists, arrays, numbers of every width, dates, bytes and shared references. */
  private static Object graph(Random random, int depth) {
    int kind = depth > 3 ? random.nextInt(8) : random.nextInt(12);
    return switch (kind) {
      case 0 -> random.nextInt();
      case 1 -> (long) random.nextInt(1 << random.nextInt(31)) * (random.nextBoolean() ? 1 : -1);
      case 2 -> random.nextLong();
      case 3 -> random.nextInt(5) == 0 ? (double) random.nextInt(300) : random.nextDouble() * 1e9;
      case 4 -> text(random);
      case 5 -> new Date(random.nextLong() >>> 20);
      case 6 -> bytes(random);
      case 7 -> random.nextBoolean() ? null : Boolean.TRUE;
      case 8 -> {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(6); i > 0; i--) {
          map.put(text(random), graph(random, depth + 1));
        }
        yield map;
      }
      case 9 -> {
        List<Object> list = new ArrayList<>();
        Object shared = graph(random, depth + 1);
        for (int i = random.nextInt(6); i > 0; i--) {
          list.add(random.nextBoolean() ? shared : graph(random, depth + 1));
        }
        yield list;
      }
      case 10 -> new int[] {random.nextInt(), 0, -1, 300_000};
      default -> new String[] {text(random), text(random)};
    };
  }

  /** Strings of every length class, with 2- and 3-byte characters and surrogate pairs. */
  private static String text(Random random) {
    int length = switch (random.nextInt(40)) {
      case 0, 1, 2, 3, 4, 5, 6, 7 -> random.nextInt(32);
      case 8, 9, 10, 11, 12, 13, 14, 15 -> random.nextInt(1024);
      case 16 -> 32_000 + random.nextInt(70_000); // more than one chunk
      default -> random.nextInt(64);
    };
    StringBuilder sb = new StringBuilder(length);
    while (sb.length() < length) {
      switch (random.nextInt(4)) {
        case 0 -> sb.append((char) ('a' + random.nextInt(26)));
        case 1 -> sb.append((char) (0x80 + random.nextInt(0x700)));
        case 2 -> sb.append((char) (0x800 + random.nextInt(0xd000)));
        default -> sb.appendCodePoint(0x1f300 + random.nextInt(500));
      }
    }
    return sb.toString();
  }

  private static byte[] bytes(Random random) {
    byte[] b = new byte[random.nextInt(20) == 0 ? 70_000 : random.nextInt(64)];
    random.nextBytes(b);
    return b;
  }

  private interface Writer {
    void write(Hessian2Output out) throws IOException;
  }

  private static byte[] write(Writer writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Hessian2Output out = new Hessian2Output(bytes);
    writer.write(out);
    out.close();
    return bytes.toByteArray();
  }
}
