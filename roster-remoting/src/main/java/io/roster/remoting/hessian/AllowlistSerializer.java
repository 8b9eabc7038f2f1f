package io.roster.remoting.hessian;

import com.alipay.hessian.ClassNameResolver;
import com.alipay.remoting.exception.CodecException;
import com.alipay.remoting.serialization.Serializer;
import com.alipay.remoting.serialization.SerializerManager;
import com.caucho.hessian.io.Hessian2Input;
import com.caucho.hessian.io.Hessian2Output;
import com.caucho.hessian.io.SerializerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bolt's Hessian2 codec with {@link HessianAllowlist} in front of every class lookup.
 *
 * <p>A payload that fails to decode, whether it names a refused class or is not Hessian at all,
 * decodes to a {@link RefusedPayload}: for a request, the handler answers with its reason; for an
 * answer, the caller's future fails with it.
 *
 * <p>Bolt keeps its serializers in a JVM-wide table ({@link SerializerManager}); {@link #install}
 * replaces the Hessian2 entry there. That table is bolt's, not ours to avoid: every bolt endpoint
 * in the JVM (including an embedded official client in tests) then decodes through the allowlist,
 * which is what we want.
 */
public final class AllowlistSerializer implements Serializer {

  private static final Logger LOG = LoggerFactory.getLogger(AllowlistSerializer.class);

  /** Decoding: every class name passes the allowlist. */
  private final SerializerFactory decoding;
  /** Encoding: we only write objects we built ourselves, so nothing is filtered. */
  private final SerializerFactory encoding;

  public AllowlistSerializer(HessianAllowlist allowlist) {
    ClassNameResolver resolver = new ClassNameResolver();
    resolver.addFilter(allowlist);
    this.decoding = new SerializerFactory();
    this.decoding.setClassNameResolver(resolver);
    this.encoding = new SerializerFactory();
    this.encoding.setClassNameResolver(new ClassNameResolver());
  }

  /**
   * Installs the default allowlist for all bolt traffic in this JVM, and keeps decoded message
   * batches on the I/O threads (bolt would otherwise hand every batch to its shared pool, which
   * rejects requests as "server busy" under load; SOFAJRaft sets the same). Idempotent.
   */
  public static synchronized void install() {
    System.setProperty("bolt.rpc.dispatch-msg-list-in-default-executor", "false");
    if (!(SerializerManager.getSerializer(SerializerManager.Hessian2) instanceof AllowlistSerializer)) {
      SerializerManager.addSerializer(SerializerManager.Hessian2,
          new AllowlistSerializer(HessianAllowlist.defaults()));
    }
  }

  @Override
  public byte[] serialize(Object obj) throws CodecException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    Hessian2Output out = new Hessian2Output(bytes);
    out.setSerializerFactory(encoding);
    try {
      out.writeObject(obj);
      out.close();
    } catch (IOException e) {
      throw new CodecException("Hessian encode failed for " + obj.getClass().getName(), e);
    }
    return bytes.toByteArray();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T deserialize(byte[] data, String classOfT) throws CodecException {
    String oversized = HessianBounds.check(data);
    if (oversized != null) {
      return (T) RefusedPayload.oversized(classOfT, oversized);
    }
    Hessian2Input in = new Hessian2Input(new ByteArrayInputStream(data));
    in.setSerializerFactory(decoding);
    try {
      Object value = in.readObject();
      in.close();
      return (T) value;
    } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
      // A value, not a throw: bolt logs a failed decode at ERROR with its stack trace, one per
      // request, which lets anyone who can send bytes flood the log. The handler answers with
      // the reason and logs it once per source (BoltProcessor).
      // The two errors are the input's too: a count HessianBounds let through can still be too
      // large for the heap, and deep nesting overflows the stack. Both unwind here with nothing
      // built.
      HessianAllowlist.RefusedClassException refused = refusal(e);
      if (refused != null) {
        return (T) RefusedPayload.refusedClass(refused);
      }
      LOG.debug("unreadable Hessian body for {}", classOfT, e);
      return (T) RefusedPayload.unreadable(classOfT, e);
    }
  }

  private static HessianAllowlist.RefusedClassException refusal(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof HessianAllowlist.RefusedClassException refused) {
        return refused;
      }
    }
    return null;
  }
}
