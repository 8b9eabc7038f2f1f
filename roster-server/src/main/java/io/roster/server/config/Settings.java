package io.roster.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The winning raw value of every setting and where it came from, e.g. {@code "9601"} from
 * {@code environment ROSTER_SESSION_PORT}. Typed getters parse on demand and report a bad value
 * with its key, value and source.
 */
final class Settings {

  /** A raw value and a human description of its source, for error messages. */
  record Value(String raw, String source) {}

  private final Map<Setting, Value> values;

  private Settings(Map<Setting, Value> values) {
    this.values = values;
  }

  /** Every setting at its built-in default. */
  static Settings defaults() {
    Map<Setting, Value> values = new EnumMap<>(Setting.class);
    for (Setting s : Setting.values()) {
      values.put(s, new Value(s.defaultValue(), "default"));
    }
    return new Settings(values);
  }

  /** A copy with {@code overrides} on top; values are trimmed. */
  Settings with(Map<Setting, String> overrides, SourceName source) {
    Map<Setting, Value> merged = new EnumMap<>(values);
    overrides.forEach((s, raw) -> merged.put(s, new Value(raw.trim(), source.describe(s))));
    return new Settings(merged);
  }

  /** Parses every value, so that a bad one fails start even if its role is not run. */
  void validateAll() {
    for (Setting s : Setting.values()) {
      parsed(s);
    }
  }

  Value value(Setting s) {
    return values.get(s);
  }

  int integer(Setting s) {
    return (Integer) parsed(s);
  }

  Duration duration(Setting s) {
    return (Duration) parsed(s);
  }

  String text(Setting s) {
    return (String) parsed(s);
  }

  Path path(Setting s) {
    return (Path) parsed(s);
  }

  @SuppressWarnings("unchecked")
  List<String> list(Setting s) {
    return (List<String>) parsed(s);
  }

  @SuppressWarnings("unchecked")
  Set<RoleName> roles(Setting s) {
    return Collections.unmodifiableSet((Set<RoleName>) parsed(s));
  }

  private Object parsed(Setting s) {
    Value v = values.get(s);
    try {
      return s.kind().parse(v.raw());
    } catch (IllegalArgumentException e) {
      throw ConfigException.invalid(s, v.raw(), v.source(), s.kind().expected());
    }
  }

  /** Names a layer's source for one setting, e.g. "option --session-port". */
  @FunctionalInterface
  interface SourceName {
    String describe(Setting s);
  }
}
