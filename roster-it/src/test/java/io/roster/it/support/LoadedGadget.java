package io.roster.it.support;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gadget the test JVM itself loads and serializes (through Roster's {@link
 * io.roster.remoting.BoltClient}). Its construction count is known to the test (one per object
 * the test made); {@link #RESOLVED} counts Hessian's {@code readResolve} calls, which only a
 * decoder makes.
 */
public class LoadedGadget implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final AtomicInteger CONSTRUCTED = new AtomicInteger();
  public static final AtomicInteger RESOLVED = new AtomicInteger();

  private String payload;

  public LoadedGadget(String payload) {
    this.payload = payload;
    CONSTRUCTED.incrementAndGet();
  }

  public String payload() {
    return payload;
  }

  private Object readResolve() {
    RESOLVED.incrementAndGet();
    return this;
  }
}
