package io.roster.it.support;

import java.io.Serializable;

/**
 * Stands in for a deserialization gadget: any sign of life (class initialization, construction,
 * {@code readResolve}) raises a flag in {@link GadgetFlags}. No test may reference this class
 * directly; tests name it only as the string {@link GadgetFlags#GADGET_CLASS} inside hand-written
 * Hessian bytes, so the flags can only be raised by whoever decodes those bytes.
 */
public class Gadget implements Serializable {

  private static final long serialVersionUID = 1L;

  static {
    System.setProperty(GadgetFlags.CLINIT, "true");
  }

  private String payload;

  public Gadget() {
    System.setProperty(GadgetFlags.CONSTRUCTED, "true");
  }

  private Object readResolve() {
    System.setProperty(GadgetFlags.RESOLVED, String.valueOf(payload));
    return this;
  }
}
