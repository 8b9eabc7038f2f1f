package io.roster.server.config;

/**
 * A configuration problem, worded as one line for the operator. The CLI prints the message as is
 * and exits with code 2.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  /** An invalid value: names the key, the value, where it came from, and what was expected. */
  static ConfigException invalid(Setting setting, String raw, String source, String expected) {
    return new ConfigException("invalid " + setting.key() + "='" + raw + "' (from " + source
        + "): expected " + expected);
  }
}
