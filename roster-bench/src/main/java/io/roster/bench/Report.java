package io.roster.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One scenario's results: printed as a table and written as a flat JSON object. */
final class Report {

  private final String scenario;
  private final Map<String, Object> values = new LinkedHashMap<>();

  Report(String scenario) {
    this.scenario = scenario;
    values.put("scenario", scenario);
    values.put("startedAt", Instant.now().toString());
  }

  Report put(String key, Object value) {
    values.put(key, value);
    return this;
  }

  Report latency(String prefix, Stats stats) {
    put(prefix + "Samples", stats.samples());
    put(prefix + "P50Ms", round(stats.p50Millis()));
    put(prefix + "P99Ms", round(stats.p99Millis()));
    put(prefix + "MaxMs", round(stats.maxMillis()));
    return this;
  }

  String table() {
    StringBuilder out = new StringBuilder("\n== roster bench " + scenario + " ==\n");
    int width = values.keySet().stream().mapToInt(String::length).max().orElse(10);
    values.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-" + width + "s  %s%n", k, v)));
    return out.toString();
  }

  Path write(Path dir) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("bench-" + scenario + "-" + System.currentTimeMillis() + ".json");
      Files.writeString(file, json());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String json() {
    StringBuilder out = new StringBuilder("{\n");
    int i = 0;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      out.append("  \"").append(e.getKey()).append("\": ").append(jsonValue(e.getValue()));
      out.append(++i < values.size() ? ",\n" : "\n");
    }
    return out.append("}\n").toString();
  }

  private static String jsonValue(Object v) {
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return Double.isFinite(d) ? n.toString() : "null";
    }
    if (v instanceof Boolean) {
      return v.toString();
    }
    return "\"" + String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** To three decimals; NaN (no samples) stays NaN, so it shows as NaN and is written as null. */
  static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
  }
}
