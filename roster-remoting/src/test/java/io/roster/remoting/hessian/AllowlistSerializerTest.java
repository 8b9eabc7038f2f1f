package io.roster.remoting.hessian;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.caucho.hessian.io.Hessian2Output;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever bytes arrive, decoding answers a value: the object, or why there is none. */
class AllowlistSerializerTest {

  private static final String TYPE = PublisherRegister.class.getName();
  private final AllowlistSerializer serializer = new AllowlistSerializer(HessianAllowlist.defaults());

  @Test
  void aValidPayloadStillDecodes() throws Exception {
    PublisherRegister r = new PublisherRegister();
    r.setDataId("d");
    Object decoded = serializer.deserialize(serializer.serialize(r), TYPE);
    assertThat(decoded).isInstanceOf(PublisherRegister.class);
    assertThat(((PublisherRegister) decoded).getDataId()).isEqualTo("d");
  }

  @Test
  void aClassOutsideTheAllowlistIsRefusedByName() throws Exception {
    // Written by hand, as the class is never to be loaded here either: a class definition with
    // one field, then an instance of it.
    String name = "java.lang.ProcessBuilder";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Hessian2Output hessian = new Hessian2Output(out);
    hessian.writeObjectBegin(name);
    hessian.writeClassFieldLength(1);
    hessian.writeString("command");
    hessian.writeObjectBegin(name);
    hessian.writeNull();
    hessian.close();
    Object decoded = serializer.deserialize(out.toByteArray(), TYPE);
    assertThat(decoded).isInstanceOf(RefusedPayload.class);
    RefusedPayload refused = (RefusedPayload) decoded;
    assertThat(refused.reason()).contains("class not allowed", name);
    assertThat(refused.auditReason()).isEqualTo("class not allowed: " + name);
  }

  @Test
  void garbageIsAValueWithOneAuditReasonWhateverTheBytes() throws Exception {
    Random random = new Random(7);
    int unreadable = 0;
    for (int i = 0; i < 2_000; i++) {
      byte[] garbage = new byte[1 + random.nextInt(80)];
      random.nextBytes(garbage);
      Object decoded = serializer.deserialize(garbage, TYPE);
      if (decoded instanceof RefusedPayload refused && refused.auditReason().startsWith("unreadable")) {
        assertThat(refused.auditReason()).as(Arrays.toString(garbage))
            .isEqualTo("unreadable Hessian body");
        assertThat(refused.reason()).matches("unreadable Hessian body for " + TYPE.replace(".", "\\.")
            + " \\([A-Za-z]+\\)");
        unreadable++;
      }
    }
    assertThat(unreadable).as("random bytes that did not decode").isGreaterThan(500);
  }

  @Test
  void aClassDefinitionThatAsksForTwoBillionFieldsIsRefusedNotThrown() throws Exception {
    // 'O' starts a class definition here: its name (length 1, "a"), then the field count.
    byte[] bytes = {'O', (byte) 0x91, 'a', 'I', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    Object decoded = serializer.deserialize(bytes, TYPE);
    assertThat(decoded).isInstanceOf(RefusedPayload.class);
    // Refused by HessianBounds before Hessian tries to allocate the array.
    assertThat(((RefusedPayload) decoded).reason()).contains("field count 2147483647");
  }

  @Test
  void nestingDeepEnoughToOverflowTheStackIsRefusedNotThrown() throws Exception {
    byte[] bytes = new byte[200_000];
    Arrays.fill(bytes, (byte) 'M'); // a map whose first key is a map, whose first key ...
    Object decoded = serializer.deserialize(bytes, TYPE);
    assertThat(decoded).isInstanceOf(RefusedPayload.class);
    assertThat(((RefusedPayload) decoded).reason()).contains("StackOverflowError");
  }
}
