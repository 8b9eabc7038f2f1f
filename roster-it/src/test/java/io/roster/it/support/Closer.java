package io.roster.it.support;

import java.util.ArrayDeque;
import java.util.Deque;

/** Collects what a test opened and closes it in reverse order (call from {@code @AfterEach}). */
public final class Closer {

  private final Deque<AutoCloseable> open = new ArrayDeque<>();

  public synchronized <T extends AutoCloseable> T add(T closeable) {
    open.push(closeable);
    return closeable;
  }

  public void closeAll() {
    Exception failure = null;
    while (true) {
      AutoCloseable next;
      synchronized (this) {
        next = open.poll();
      }
      if (next == null) {
        break;
      }
      try {
        next.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw new IllegalStateException("cleanup failed", failure);
    }
  }
}
