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
import java.util.Set;
import java.util.function.Function;

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
 * <p>A key none of them knows is an error, with the nearest known key: a typo would otherwise
 * be ignored silently. The launcher script's own names ({@link #LAUNCHER_NAMES}) are the only
 * {@code ROSTER_*} variables and {@code roster.*} properties that are not settings.
 */
public final class ConfigResolver {

  /** Read when no {@code --config} is given, if it exists in the working directory. */
  public static final String DEFAULT_FILE = "roster.conf";

  /** Names the {@code ./roster} script reads or sets itself; no setting has them. */
  static final Set<String> LAUNCHER_NAMES = Set.of("ROSTER_JAVA_OPTS", "ROSTER_SKIP_BUILD",
      "roster.launched.at");

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
    rejectUnknown(env.keySet(), "ROSTER_", "environment variable ", Setting::envName);
    rejectUnknown(systemProperties.stringPropertyNames(), "roster.", "system property -D",
        Setting::key);
    Settings settings = Settings.defaults()
        .with(fromFile, s -> "config file " + file)
        .with(fromEnvironment(), s -> "environment " + s.envName())
        .with(fromSystemProperties(), s -> "system property -D" + s.key())
        .with(options, s -> "option " + s.option());
    return RosterConfig.from(settings);
  }

  private static void rejectUnknown(Set<String> names, String prefix, String kind,
      Function<Setting, String> nameOf) {
    for (String name : names) {
      if (!name.startsWith(prefix) || LAUNCHER_NAMES.contains(name)) {
        continue;
      }
      boolean known = false;
      String nearest = null;
      int distance = Integer.MAX_VALUE;
      for (Setting s : Setting.values()) {
        String candidate = nameOf.apply(s);
        known |= candidate.equals(name);
        int d = editDistance(name, candidate);
        if (d < distance) {
          distance = d;
          nearest = candidate;
        }
      }
      if (!known) {
        throw new ConfigException("unknown " + kind + name + (distance <= 3 ? "; did you mean "
            + nearest + "?" : "") + " (run 'roster start --help' for the keys)");
      }
    }
  }

  /** Levenshtein distance, for suggesting the key a typo meant. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
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
