package io.roster.server.launch;

import java.nio.file.Path;

/**
 * System properties that bolt's logging library (sofa-common-tools) reads once, when bolt first
 * logs; so they are set before any role is created. A value the user set with {@code -D} wins.
 *
 * <ul>
 *   <li>{@code logging.path}: where SOFA writes its own log files; {@code <data dir>/logs}
 *       instead of {@code ~/logs}.
 *   <li>{@code logback.middleware.log.disable}: sofa-common-tools 1.4.0 cannot drive logback
 *       1.5 (it calls a removed {@code ContextInitializer} method and prints an error with a
 *       stack trace per log space), then falls back to SLF4J anyway. Skipping the attempt gives
 *       the same result, quietly: bolt logs through our logback.xml.
 *   <li>{@code sofa.middleware.log.internal.level}: hides that library's own start-up notes.
 * </ul>
 */
final class SofaLogging {

  static final String LOGGING_PATH = "logging.path";

  private SofaLogging() {}

  static void configure(Path logsDir) {
    setIfAbsent(LOGGING_PATH, logsDir.toAbsolutePath().normalize().toString());
    setIfAbsent("logback.middleware.log.disable", "true");
    setIfAbsent("sofa.middleware.log.internal.level", "ERROR");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
