package io.roster.remoting.hessian;

/**
 * Stands in for a request whose payload could not be accepted: it named a class outside the
 * allowlist (decoding stops at that name, so nothing of the class was loaded or built), or it
 * was not readable Hessian at all. The request handler answers the caller with {@link #reason()}
 * instead of a timeout, and logs {@link #auditReason()}, a short text without the payload, once
 * per source and reason.
 */
public record RefusedPayload(String reason, String auditReason) {

  static RefusedPayload refusedClass(HessianAllowlist.RefusedClassException e) {
    return new RefusedPayload(e.getMessage(), "class not allowed: " + e.className());
  }

  /**
   * A count in the body larger than the body ({@link HessianBounds}): refused before Hessian
   * allocates by it. The audit reason is fixed, like garbage's.
   */
  static RefusedPayload oversized(String expectedClass, String what) {
    return new RefusedPayload("Hessian body for " + expectedClass + " refused: " + what,
        "Hessian count over the body's size");
  }

  /**
   * Garbage: the answer names the kind of failure; the audit reason is one fixed text, so an
   * attacker's endless variations of bytes make one log line per source and interval.
   */
  static RefusedPayload unreadable(String expectedClass, Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String kind = root.getClass().getSimpleName();
    return new RefusedPayload("unreadable Hessian body for " + expectedClass + " (" + kind + ")",
        "unreadable Hessian body");
  }
}
