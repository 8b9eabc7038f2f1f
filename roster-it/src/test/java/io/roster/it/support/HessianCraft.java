package io.roster.it.support;

import com.alipay.sofa.registry.core.model.DataBox;
import com.caucho.hessian.io.Hessian2Output;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Hessian 2 bytes written by hand, so a payload can name {@link GadgetFlags#GADGET_CLASS}
 * without this JVM ever loading that class. The layout is exactly what Hessian's JavaSerializer
 * writes: a class definition (name, field count, field names), then the instance's field values.
 */
public final class HessianCraft {

  public static final String PUBLISHER_REGISTER =
      "com.alipay.sofa.registry.core.model.PublisherRegister";

  private HessianCraft() {}

  /** A bare Gadget object. */
  public static byte[] gadget(String payload) {
    return write(out -> writeGadget(out, payload));
  }

  /**
   * A PublisherRegister whose {@code attributes} map holds a Gadget value: every other field is
   * valid, so only the allowlist stands between this payload and the gadget.
   */
  public static byte[] publisherWithGadgetAttribute(String dataId, String registId,
      String gadgetPayload) {
    return write(out -> {
      String[] fields = {"dataId", "group", "instanceId", "zone", "appName", "registId",
          "version", "timestamp", "eventType", "attributes", "dataList"};
      int ref = out.writeObjectBegin(PUBLISHER_REGISTER);
      if (ref == -1) {
        out.writeClassFieldLength(fields.length);
        for (String f : fields) {
          out.writeString(f);
        }
        out.writeObjectBegin(PUBLISHER_REGISTER);
      }
      out.writeString(dataId);
      out.writeString("DEFAULT_GROUP");
      out.writeString("DEFAULT_INSTANCE_ID");
      out.writeString("DEFAULT_ZONE");
      out.writeString("roster-it-raw");
      out.writeString(registId);
      out.writeLong(1L);
      out.writeLong(System.currentTimeMillis());
      out.writeString(RawRegistrations.REGISTER);
      out.writeMapBegin("java.util.HashMap");
      out.writeString("innocent");
      writeGadget(out, gadgetPayload);
      out.writeMapEnd();
      List<DataBox> data = new ArrayList<>();
      data.add(new DataBox("gadget-carrier"));
      out.writeObject(data);
    });
  }

  /** Ordinary Hessian 2 of a real object (for valid requests on a raw socket). */
  public static byte[] serialize(Object value) {
    return write(out -> out.writeObject(value));
  }

  private static void writeGadget(Hessian2Output out, String payload) throws IOException {
    int ref = out.writeObjectBegin(GadgetFlags.GADGET_CLASS);
    if (ref == -1) {
      out.writeClassFieldLength(1);
      out.writeString("payload");
      out.writeObjectBegin(GadgetFlags.GADGET_CLASS);
    }
    out.writeString(payload);
  }

  private interface Writer {
    void write(Hessian2Output out) throws IOException;
  }

  private static byte[] write(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Hessian2Output out = new Hessian2Output(bytes);
    try {
      writer.write(out);
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
