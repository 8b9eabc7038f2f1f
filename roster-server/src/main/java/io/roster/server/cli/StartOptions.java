package io.roster.server.cli;

import io.roster.server.config.Setting;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of {@code roster start}: {@code --help}, {@code --config FILE}, and one option per
 * {@link Setting} ({@code --session-port 9601} or {@code --session-port=9601}). Values stay raw
 * strings here; the config layer validates them, so every source is checked the same way.
 *
 * @param help {@code --help} or {@code -h} was given
 * @param configFile the {@code --config} file, if given
 * @param values raw values by setting; the last occurrence of an option wins
 */
public record StartOptions(boolean help, Optional<Path> configFile, Map<Setting, String> values) {

  public static final String CONFIG_OPTION = "--config";

  public StartOptions {
    Map<Setting, String> copy = new EnumMap<>(Setting.class);
    copy.putAll(values);
    values = Collections.unmodifiableMap(copy);
  }

  /** Parses the arguments after {@code start}; throws UsageException on anything unknown. */
  public static StartOptions parse(List<String> args) {
    boolean help = false;
    Optional<Path> configFile = Optional.empty();
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      // Known before its value is consumed, so "--typo" alone is reported as unknown.
      Optional<Setting> setting = Setting.byOption(name);
      if (setting.isEmpty() && !name.equals(CONFIG_OPTION)) {
        throw new UsageException("unknown option '" + name + "'");
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new UsageException("option " + name + " needs a value");
      }
      if (setting.isPresent()) {
        values.put(setting.get(), value);
      } else {
        configFile = Optional.of(configPath(value));
      }
    }
    return new StartOptions(help, configFile, values);
  }

  private static Path configPath(String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new UsageException("invalid " + CONFIG_OPTION + " path '" + value + "'");
    }
  }
}
