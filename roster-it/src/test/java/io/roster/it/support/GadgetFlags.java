package io.roster.it.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The flags {@code Gadget} raises when it is initialized, constructed or resolved. They live in
 * system properties (JVM-wide, readable without touching the class) and this class never refers
 * to {@code Gadget} itself, so reading them cannot load it.
 */
public final class GadgetFlags {

  /** Only ever used as a string: loading the class would set the very flags we check. */
  public static final String GADGET_CLASS = "io.roster.it.support.Gadget";

  public static final String CLINIT = "roster.it.gadget.clinit";
  public static final String CONSTRUCTED = "roster.it.gadget.constructed";
  public static final String RESOLVED = "roster.it.gadget.resolved";

  private GadgetFlags() {}

  /** Flag name to value, only the flags that were raised. */
  public static Map<String, String> raised() {
    Map<String, String> raised = new LinkedHashMap<>();
    for (String flag : new String[] {CLINIT, CONSTRUCTED, RESOLVED}) {
      String v = System.getProperty(flag);
      if (v != null) {
        raised.put(flag, v);
      }
    }
    return raised;
  }
}
