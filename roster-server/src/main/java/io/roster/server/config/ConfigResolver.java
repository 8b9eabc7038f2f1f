package io.roster.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Resolves the configuration from five layers, each overriding the one before:
 *
 * <ol>
 *   <li>built-in defaults ({@link Setting#defaultValue()});
 *   <li>the config file, a Java properties file: {@code --config FILE}, else {@code ./roster.conf}
 *       if it exists;
 *   <li>environment variables, e.g. {@code ROSTER_SESSION_PORT};
 *   <li>system properties, e.g. {@code -Droster.session.port=9601};
 *   <li>command-line options, e.g. {@code --session-port 9601}.
 * </ol>
 *
 * <p>A key the config file does not know is an error (a typo would otherwise be ignored
 * silently). Unknown environment variables and system properties are ignored, because
 * {@code ROSTER_*} and {@code roster.*} names are also used by the launcher script and tests.
 */
public final class ConfigResolver {

  /** Read when no {@code --config} is given, if it exists in the working directory. */
  public static final String DEFAULT_FILE = "roster.conf";

  private final Map<String, String> env;
  private final Properties systemProperties;
  private final Path workDir;

  public ConfigResolver(Map<String, String> env, Properties systemProperties, Path workDir) {
    this.env = Map.copyOf(env);
    this.systemProperties = (Properties) systemProperties.clone();
    this.workDir = workDir;
  }

  /** The resolver of this JVM: its environment, system properties and working directory. */
  public static ConfigResolver ofThisProcess() {
    return new ConfigResolver(System.getenv(), System.getProperties(), Path.of(""));
  }

  /**
   * @param configFile the {@code --config} file, or empty for {@code ./roster.conf} if present
   * @param options values given as command-line options
   * @throws ConfigException naming the key, value and source of the first problem
   */
  public RosterConfig resolve(Optional<Path> configFile, Map<Setting, String> options) {
    Path file = configFile.map(workDir::resolve).orElse(workDir.resolve(DEFAULT_FILE));
    Map<Setting, String> fromFile = configFile.isPresent() || Files.exists(file)
        ? readFile(file) : Map.of();
    Settings settings = Settings.defaults()
        .with(fromFile, s -> "config file " + file)
        .with(fromEnvironment(), s -> "environment " + s.envName())
        .with(fromSystemProperties(), s -> "system property -D" + s.key())
        .with(options, s -> "option " + s.option());
    return RosterConfig.from(settings);
  }

  private static Map<Setting, String> readFile(Path file) {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file not found: " + file);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    Map<Setting, String> out = new EnumMap<>(Setting.class);
    for (String key : props.stringPropertyNames()) {
      Setting setting = Setting.byKey(key).orElseThrow(() -> new ConfigException(
          "unknown key '" + key + "' in config file " + file
              + " (run 'roster start --help' for the keys)"));
      out.put(setting, props.getProperty(key));
    }
    return out;
  }

  private Map<Setting, String> fromEnvironment() {
    Map<Setting, String> out = new EnumMap<>(Setting.class);
    for (Setting s : Setting.values()) {
      String value = env.get(s.envName());
      if (value != null) {
        out.put(s, value);
      }
    }
    return out;
  }

  private Map<Setting, String> fromSystemProperties() {
    Map<Setting, String> out = new EnumMap<>(Setting.class);
    for (Setting s : Setting.values()) {
      String value = systemProperties.getProperty(s.key());
      if (value != null) {
        out.put(s, value);
      }
    }
    return out;
  }
}
