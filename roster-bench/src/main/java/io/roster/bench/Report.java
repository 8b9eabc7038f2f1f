package io.roster.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One scenario's results: printed as a table and written as a JSON object of flat values, plus any
 * {@link #rows} (a series such as the soak's samples), printed as columns after the values and
 * written as an array of objects.
 */
final class Report {

  private final String scenario;
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, Rows> rows = new LinkedHashMap<>();

  /** A series: named columns, one list of values per row. */
  record Rows(List<String> columns, List<List<Object>> rows) {}

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

  Report rows(String name, List<String> columns, List<List<Object>> series) {
    rows.put(name, new Rows(List.copyOf(columns), List.copyOf(series)));
    return this;
  }

  /** The value of {@code key}, or null. */
  Object get(String key) {
    return values.get(key);
  }

  String table() {
    StringBuilder out = new StringBuilder("\n== roster bench " + scenario + " ==\n");
    int width = values.keySet().stream().mapToInt(String::length).max().orElse(10);
    values.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-" + width + "s  %s%n", k, v)));
    rows.forEach((name, r) -> out.append("\n  ").append(name).append(":\n").append(columns(r)));
    return out.toString();
  }

  private static String columns(Rows r) {
    int[] widths = new int[r.columns().size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = r.columns().get(c).length();
      for (List<Object> row : r.rows()) {
        widths[c] = Math.max(widths[c], String.valueOf(row.get(c)).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, r.columns(), widths);
    r.rows().forEach(row -> line(out, row, widths));
    return out.toString();
  }

  private static void line(StringBuilder out, List<?> cells, int[] widths) {
    out.append("   ");
    for (int c = 0; c < widths.length; c++) {
      out.append(String.format(Locale.ROOT, " %" + widths[c] + "s", cells.get(c)));
    }
    out.append('\n');
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
    int size = values.size() + rows.size();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      out.append("  \"").append(e.getKey()).append("\": ").append(jsonValue(e.getValue()));
      out.append(++i < size ? ",\n" : "\n");
    }
    for (Map.Entry<String, Rows> e : rows.entrySet()) {
      out.append("  \"").append(e.getKey()).append("\": [\n").append(jsonRows(e.getValue())).append("  ]");
      out.append(++i < size ? ",\n" : "\n");
    }
    return out.append("}\n").toString();
  }

  private static String jsonRows(Rows r) {
    return r.rows().stream().map(row -> {
      StringBuilder object = new StringBuilder("    {");
      for (int c = 0; c < r.columns().size(); c++) {
        object.append(c == 0 ? "" : ", ").append('"').append(r.columns().get(c)).append("\": ")
            .append(jsonValue(row.get(c)));
      }
      return object.append('}').toString();
    }).collect(Collectors.joining(",\n", "", "\n"));
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
