package io.roster.server;

/**
 * Where the server's own {@code logback.xml} is. A JVM that starts a server on a class path that
 * also holds another logback file (a test's {@code logback-test.xml}, the bench's WARN-only one)
 * names this one with {@code -Dlogback.configurationFile}, so the server logs as {@code ./roster}
 * has it, rate limits included.
 */
public final class ServerLogging {

  private ServerLogging() {}

  /** The URL of roster-server's {@code logback.xml}, inside its jar or its classes directory. */
  public static String configUrl() {
    String location = Main.class.getProtectionDomain().getCodeSource().getLocation().toString();
    return location.endsWith(".jar") ? "jar:" + location + "!/logback.xml" : location + "logback.xml";
  }
}
