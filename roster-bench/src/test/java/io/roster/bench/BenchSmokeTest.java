package io.roster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each scenario runs for a few seconds against a Roster started as its own JVM (the default) and
 * reports sane figures; one also runs in-process.
 */
class BenchSmokeTest {

  @TempDir
  static Path out;

  @BeforeAll
  static void quiet() {
    Clients.quietClientLogs();
  }

  private static BenchOptions options(String... args) {
    String[] withOut = new String[args.length + 2];
    System.arraycopy(args, 0, withOut, 0, args.length);
    withOut[args.length] = "--out";
    withOut[args.length + 1] = out.toString();
    return BenchOptions.parse(withOut);
  }

  @Test
  void offlineMeasuresEverySubscriberInEveryRound() throws Exception {
    String json = BenchMain.run(options("offline", "--subscribers", "6", "--connections", "2", "--rounds", "2")).json();
    assertThat(json).contains("\"offlineSamples\": 12");
    assertSaneLatency(json, "offline");
  }

  @Test
  void changeMeasuresEverySubscriberInEveryRound() throws Exception {
    String json = BenchMain.run(options("change", "--subscribers", "10", "--connections", "2", "--rounds", "5")).json();
    assertThat(json).contains("\"changeSamples\": 50");
    assertSaneLatency(json, "change");
  }

  @Test
  void registerCountsThroughputUntilVisible() throws Exception {
    Report report = BenchMain.run(options("register", "--publishers", "200", "--dataids", "10"));
    assertThat(report.json()).contains("\"publishers\": 200", "own JVM (pid ");
    assertThat(number(report.json(), "publishersPerSecondVisible")).isPositive();
  }

  @Test
  void inProcessSaysSoInItsReport() throws Exception {
    Report report = BenchMain.run(options("register", "--in-process", "--publishers", "100",
        "--dataids", "5", "--warmup", "0"));
    assertThat(report.json()).contains("\"publishers\": 100", "in-process (");
    assertThat(number(report.json(), "publishersPerSecondVisible")).isPositive();
  }

  @Test
  void stormLosesNoChange() throws Exception {
    String json = BenchMain.run(options("storm", "--dataids", "50", "--rate", "1000")).json();
    assertThat(json).contains("\"changesLost\": 0");
    assertThat(json).contains("\"pushSamples\": 50");
    assertSaneLatency(json, "push");
  }

  @Test
  void scaleReachesSteadyStateAndMeasuresHeap() throws Exception {
    String json = BenchMain.run(options("scale", "--publishers", "300", "--subscribers", "300",
        "--connections", "10", "--dataids", "30")).json();
    assertThat(json).contains("\"publishers\": 300", "\"loadClientReplies\": \"PUBLISHED 300 0 / SUBSCRIBED 300 0\"");
    assertThat(number(json, "publishersPerSecond")).isPositive();
    assertThat(json).contains("heapBytesPerPublisher");
  }

  @Test
  void reportIsWrittenAsJson() {
    Report report = new Report("x").put("a", 1).put("b", "q\"uote").latency("l", Stats.of(new long[] {1_000_000, 3_000_000}));
    Path file = report.write(out);
    assertThat(file).exists().content().contains("\"lP50Ms\": 1.0", "\"lMaxMs\": 3.0", "\"b\": \"q\\\"uote\"");
  }

  private static void assertSaneLatency(String json, String prefix) {
    double p50 = number(json, prefix + "P50Ms");
    double p99 = number(json, prefix + "P99Ms");
    double max = number(json, prefix + "MaxMs");
    assertThat(p50).isPositive();
    assertThat(p99).isGreaterThanOrEqualTo(p50);
    assertThat(max).isGreaterThanOrEqualTo(p99).isLessThan(30_000);
  }

  private static double number(String json, String key) {
    int at = json.indexOf("\"" + key + "\": ");
    assertThat(at).as("key %s in %s", key, json).isNotNegative();
    int start = at + key.length() + 4;
    int end = start;
    while (end < json.length() && "0123456789.-E".indexOf(json.charAt(end)) >= 0) {
      end++;
    }
    return Double.parseDouble(json.substring(start, end));
  }
}
