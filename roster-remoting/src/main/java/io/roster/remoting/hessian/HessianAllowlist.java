package io.roster.remoting.hessian;

import com.alipay.hessian.ClassNameFilter;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Decides which class names a Hessian payload may name. Hessian resolves every type name through
 * this filter before it loads the class, so a refused name is never loaded, initialized or
 * instantiated. Deserialization of untrusted Hessian is a known remote-code-execution vector; a
 * blocklist always lags the next gadget, so this is an allowlist.
 */
public final class HessianAllowlist implements ClassNameFilter {

  /** The registry-core model, Roster's own messages and model. */
  static final List<String> DEFAULT_PREFIXES = List.of(
      "com.alipay.sofa.registry.core.model.",
      "io.roster.protocol.",
      "io.roster.model.",
      // Bolt's error answers, so a refused request reads as an error with a reason rather than
      // as a timeout. Plain exception types: no behaviour on construction.
      "com.alipay.remoting.rpc.exception.");

  /** JDK boxed types and collections that the allowed classes use as field types. */
  static final Set<String> DEFAULT_CLASSES = Set.of(
      "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Short",
      "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
      "java.lang.Character", "java.lang.Object", "java.lang.Number", "java.lang.CharSequence",
      "java.io.Serializable",
      // Declared field types: interfaces, never instantiated from a payload.
      "java.util.Map", "java.util.List", "java.util.Collection", "java.util.Set",
      "java.util.SortedMap", "java.util.SortedSet", "java.util.concurrent.ConcurrentMap",
      "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
      "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
      "java.util.concurrent.ConcurrentHashMap", "java.util.Arrays$ArrayList",
      "java.util.Collections$EmptyList", "java.util.Collections$EmptyMap",
      "java.util.Collections$EmptySet", "java.util.Collections$SingletonList",
      "java.lang.StackTraceElement", "java.lang.Throwable",
      "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableList",
      // Hessian's names for primitive arrays.
      "[int", "[long", "[byte", "[short", "[boolean", "[double", "[float", "[char", "[string",
      "[object");

  private final List<String> prefixes;
  private final Set<String> classes;

  public HessianAllowlist(List<String> prefixes, Set<String> classes) {
    this.prefixes = List.copyOf(prefixes);
    this.classes = Set.copyOf(classes);
  }

  public static HessianAllowlist defaults() {
    return new HessianAllowlist(DEFAULT_PREFIXES, DEFAULT_CLASSES);
  }

  public boolean allows(String className) {
    if (className == null) {
      return false;
    }
    String element = className;
    while (element.startsWith("[") && !classes.contains(element)) {
      element = element.substring(1);
    }
    if (classes.contains(element)) {
      return true;
    }
    for (String prefix : prefixes) {
      if (element.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public int order() {
    return 0;
  }

  @Override
  public String resolve(String className) throws IOException {
    if (!allows(className)) {
      throw new RefusedClassException(className);
    }
    return className;
  }

  /** Thrown, and reported to the peer, when a payload names a class outside the allowlist. */
  public static final class RefusedClassException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String className;

    RefusedClassException(String className) {
      super("class not allowed in Roster payloads: " + className);
      this.className = className;
    }

    public String className() {
      return className;
    }
  }
}
