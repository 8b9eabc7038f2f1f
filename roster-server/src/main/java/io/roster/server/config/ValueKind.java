package io.roster.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of a setting's value: how it is parsed, and how help and errors describe it. A parser
 * throws {@link IllegalArgumentException} on a bad value; {@link Settings} turns that into a
 * {@link ConfigException} naming the key, the value and its source.
 */
enum ValueKind {
  PORT("PORT", "a port number 0-65535 (0 picks a free port)"),
  COUNT("N", "a positive whole number"),
  POWER_OF_TWO("N", "a power of two from 1 to 65536"),
  THREADS("N", "0 (one per core) or a thread count from 1 to 8"),
  DURATION("DURATION", "a positive duration such as 500ms, 20s, 2m, 1h or PT20S"),
  HOST("HOST", "a host name or IP address"),
  OPTIONAL_HOST("HOST", "a host name or IP address, or empty"),
  NAME("NAME", "a non-empty name without spaces"),
  PATH("PATH", "a directory path"),
  OPTIONAL_FILE("FILE", "a file path, or empty"),
  SWITCH("SWITCH", "on, off or auto"),
  ADDRESSES("LIST", "a comma-separated list of host:port (port 1-65535), or empty"),
  ROLES("LIST", "a comma-separated, non-empty list of meta, data, session");

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private final String metavar;
  private final String expected;

  ValueKind(String metavar, String expected) {
    this.metavar = metavar;
    this.expected = expected;
  }

  /** Placeholder in help, e.g. {@code --session-port PORT}. */
  String metavar() {
    return metavar;
  }

  /** What a valid value looks like, for error messages. */
  String expected() {
    return expected;
  }

  /** Parses a trimmed raw value into its typed form; throws IllegalArgumentException if invalid. */
  Object parse(String raw) {
    switch (this) {
      case PORT:
        return intIn(raw, 0, 65535);
      case COUNT:
        return intIn(raw, 1, Integer.MAX_VALUE);
      case THREADS:
        return intIn(raw, 0, 8);
      case POWER_OF_TWO:
        int n = intIn(raw, 1, 1 << 16);
        require(Integer.bitCount(n) == 1);
        return n;
      case DURATION:
        return duration(raw);
      case HOST:
      case NAME:
        require(!raw.isEmpty() && !raw.matches(".*\\s.*"));
        return raw;
      case OPTIONAL_HOST:
        require(!raw.matches(".*\\s.*"));
        return raw;
      case PATH:
        require(!raw.isEmpty());
        try {
          return Path.of(raw);
        } catch (InvalidPathException e) {
          throw new IllegalArgumentException(e);
        }
      case OPTIONAL_FILE:
        try {
          return raw.isEmpty() ? raw : Path.of(raw).toString();
        } catch (InvalidPathException e) {
          throw new IllegalArgumentException(e);
        }
      case SWITCH:
        String lower = raw.toLowerCase(Locale.ROOT);
        require(lower.equals("on") || lower.equals("off") || lower.equals("auto"));
        return lower;
      case ADDRESSES:
        return addresses(raw);
      case ROLES:
        return roles(raw);
      default:
        throw new AssertionError(this);
    }
  }

  private static int intIn(String raw, int min, int max) {
    try {
      int value = Integer.parseInt(raw);
      require(value >= min && value <= max);
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Duration duration(String raw) {
    Duration d;
    Matcher m = SHORT_DURATION.matcher(raw);
    try {
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        d = switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
      } else {
        d = Duration.parse(raw.toUpperCase(Locale.ROOT));
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(e);
    }
    require(!d.isNegative() && !d.isZero());
    return d;
  }

  private static List<String> addresses(String raw) {
    List<String> out = new ArrayList<>();
    if (raw.isEmpty()) {
      return out;
    }
    for (String part : raw.split(",", -1)) {
      String address = part.trim();
      int colon = address.lastIndexOf(':');
      require(colon > 0 && !address.matches(".*\\s.*"));
      intIn(address.substring(colon + 1), 1, 65535);
      out.add(address);
    }
    return List.copyOf(out);
  }

  private static Set<RoleName> roles(String raw) {
    Set<RoleName> roles = EnumSet.noneOf(RoleName.class);
    for (String part : raw.split(",", -1)) {
      String id = part.trim();
      RoleName match = null;
      for (RoleName role : RoleName.values()) {
        if (role.id().equals(id)) {
          match = role;
        }
      }
      require(match != null);
      roles.add(match);
    }
    return roles;
  }

  private static void require(boolean ok) {
    if (!ok) {
      throw new IllegalArgumentException();
    }
  }
}
