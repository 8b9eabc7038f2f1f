package io.roster.it.support;

import com.caucho.hessian.io.Hessian2Input;
import com.caucho.hessian.io.SerializerFactory;
import java.io.ByteArrayInputStream;
import java.util.Base64;

/**
 * The control experiment of the allowlist test, run in a separate JVM: decodes the given
 * Base64 Hessian payloads with a plain, unfiltered Hessian factory and prints which gadget flags
 * that raised ({@code FLAGS {...}}). It proves that the crafted bytes do bring Gadget to life when
 * nothing refuses them, so "no flag raised" on the server side means something.
 */
public final class GadgetProbe {

  private GadgetProbe() {}

  public static void main(String[] args) {
    for (String arg : args) {
      try {
        Hessian2Input in = new Hessian2Input(new ByteArrayInputStream(
            Base64.getDecoder().decode(arg)));
        in.setSerializerFactory(new SerializerFactory());
        Object value = in.readObject();
        System.out.println("DECODED " + (value == null ? null : value.getClass().getName()));
      } catch (Exception | LinkageError e) {
        System.out.println("FAILED " + e);
      }
    }
    System.out.println("FLAGS " + GadgetFlags.raised());
    System.out.flush();
  }
}
