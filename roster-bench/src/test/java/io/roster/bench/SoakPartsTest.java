package io.roster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.roster.bench.SoakOps.Op;
import io.roster.bench.SoakVerdict.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The soak's pure parts: its options, schedule, verdict and parsers. The soak itself is not run here. */
class SoakPartsTest {

  @Test
  void slopeIsTheLeastSquaresLineInMbPerMinute() {
    // 0.5 MB per minute, sampled every 30 s, with alternating noise that cancels out.
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      points.add(new Point(300 + 30 * i, 40 + 0.25 * i + (i % 2 == 0 ? 0.1 : -0.1)));
    }
    assertThat(SoakVerdict.slopePerMinute(points)).isCloseTo(0.5, within(0.02));
    assertThat(SoakVerdict.slopePerMinute(List.of(new Point(0, 10), new Point(120, 14)))).isEqualTo(2.0);
  }

  @Test
  void aFlatNoisyHeapPassesAndASteadyLeakFails() {
    List<Point> flat = new ArrayList<>();
    List<Point> leak = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      double t = 60 + 30 * i;
      flat.add(new Point(t, 30 + (i % 3) * 0.4));
      leak.add(new Point(t, 30 + 1.5 * t / 60)); // 1.5 MB/min
    }
    SoakVerdict ok = SoakVerdict.judge(flat, 300);
    assertThat(ok.heapFlat()).isTrue();
    assertThat(ok.slopeSamples()).isEqualTo(11); // 300 s to 600 s
    SoakVerdict bad = SoakVerdict.judge(leak, 300);
    assertThat(bad.heapFlat()).isFalse();
    assertThat(bad.slopeMbPerMinute()).isCloseTo(1.5, within(1e-9));
    assertThat(bad.growthMb()).isCloseTo(13.5, within(1e-9));
  }

  @Test
  void growthBeyondItsBoundFailsEvenWhenTheSecondHalfIsFlat() {
    List<Point> points = List.of(new Point(60, 20), new Point(200, 40), new Point(300, 40), new Point(450, 40),
        new Point(600, 40));
    SoakVerdict v = SoakVerdict.judge(points, 300);
    assertThat(v.slopeMbPerMinute()).isZero();
    assertThat(v.growthMb()).isEqualTo(20.0);
    assertThat(v.heapFlat()).isFalse();
  }

  @Test
  void aVerdictNeedsTwoSamplesThatSpanTime() {
    assertThatThrownBy(() -> SoakVerdict.judge(List.of(new Point(60, 1)), 30))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SoakVerdict.slopePerMinute(List.of(new Point(60, 1), new Point(60, 2))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tenMinutesSampleEveryThirtySecondsAfterAMinuteOfWarmUp() {
    SoakPlan plan = SoakPlan.of(10);
    List<Long> times = plan.sampleTimes();
    assertThat(times).hasSize(19).startsWith(60L, 90L).endsWith(570L, 600L);
    assertThat(plan.secondHalfSeconds()).isEqualTo(300);
    List<SoakPlan.Event> events = plan.events(2);
    assertThat(events.stream().filter(e -> !e.sample()).map(SoakPlan.Event::atSeconds))
        .containsExactly(60L, 120L, 180L, 240L, 300L, 360L, 420L, 480L, 540L);
    // On a tie the sample comes first; no replacement in the last interval.
    assertThat(events.get(0)).isEqualTo(new SoakPlan.Event(60, true, -1));
    assertThat(events.get(events.size() - 1)).isEqualTo(new SoakPlan.Event(600, true, -1));
  }

  @Test
  void aShortSoakStillWarmsUpAndSamplesOften() {
    SoakPlan plan = SoakPlan.of(1);
    assertThat(plan.warmupSeconds()).isEqualTo(15);
    assertThat(plan.intervalSeconds()).isEqualTo(5);
    assertThat(plan.sampleTimes()).startsWith(15L, 20L).endsWith(60L);
  }

  @Test
  void soakOptionsHaveTheirOwnDefaultsAndRefuseATarget() {
    BenchOptions soak = BenchOptions.parse(new String[] {"soak"});
    assertThat(soak.minutes()).isEqualTo(10);
    assertThat(soak.clients()).isEqualTo(20);
    assertThat(soak.rate()).isEqualTo(200);
    assertThat(soak.dataIds()).isEqualTo(100);
    BenchOptions set = BenchOptions.parse(new String[] {"soak", "--minutes", "1", "--clients", "6", "--out", "x"});
    assertThat(set.minutes()).isEqualTo(1);
    assertThat(set.clients()).isEqualTo(6);
    assertThat(set.out()).hasToString("x");
    assertThat(BenchOptions.parse(new String[] {"storm"}).rate()).isEqualTo(10_000);
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"soak", "--minutes", "0"}))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"soak", "--target", "127.0.0.1:9603"}))
        .hasMessageContaining("no --target");
  }

  @Test
  void clientsAreSplitEvenlyOverTheChurnJvms() {
    assertThat(ChurnFleet.split(20, 2)).containsExactly(10, 10);
    assertThat(ChurnFleet.split(5, 2)).containsExactly(3, 2);
    assertThat(ChurnFleet.split(1, 2)).containsExactly(1);
  }

  @Test
  void heapInfoOfG1AndOfAGenerationalCollectorIsRead() {
    JvmProbe.Heap g1 = JvmProbe.parseHeapInfo("""
        12707:
         garbage-first heap   total 51200K, used 13483K [0x00000000e0000000, 0x0000000100000000)
          region size 1024K, 1 young (1024K), 0 survivors (0K)
         Metaspace       used 23991K, committed 24448K, reserved 1114112K
          class space    used 2962K, committed 3136K, reserved 1048576K
        """);
    assertThat(g1).isEqualTo(new JvmProbe.Heap(13483, 51200, 23991));
    JvmProbe.Heap serial = JvmProbe.parseHeapInfo("""
         def new generation   total 4928K, used 1024K [0x0, 0x1, 0x2)
          eden space 4416K,  23% used [0x0, 0x1, 0x2)
         tenured generation   total 10944K, used 7000K [0x0, 0x1, 0x2)
         Metaspace       used 100K, committed 200K, reserved 300K
        """);
    assertThat(serial).isEqualTo(new JvmProbe.Heap(8024, 15872, 100));
    assertThatThrownBy(() -> JvmProbe.parseHeapInfo("12707:\nCommand executed successfully\n"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rssIsReadFromProcStatus() {
    assertThat(JvmProbe.parseRss("Name:\tjava\nVmHWM:\t  300000 kB\nVmRSS:\t  204816 kB\n")).isEqualTo(204816);
    assertThat(JvmProbe.parseRss("Name:\tjava\n")).isEqualTo(-1);
  }

  @Test
  void opsLinesRoundTripAndAdd() {
    SoakOps ops = new SoakOps();
    ops.add(Op.PUBLISHES);
    ops.add(Op.PUBLISHES);
    ops.add(Op.ERRORS);
    ops.add(Op.PUSHES);
    Map<Op, Long> parsed = SoakOps.parse(ops.line());
    assertThat(parsed.get(Op.PUBLISHES)).isEqualTo(2);
    assertThat(parsed.get(Op.DROPS)).isZero();
    assertThat(SoakOps.operations(parsed)).isEqualTo(2); // pushes and errors are not operations
    assertThat(SoakOps.plus(parsed, parsed).get(Op.ERRORS)).isEqualTo(2);
    assertThat(SoakOps.parse("OPS drops=3 future=9").get(Op.DROPS)).isEqualTo(3);
  }

  @Test
  void rowsArePrintedAsColumnsAndWrittenAsAJsonArray() {
    Report report = new Report("x").put("a", 1)
        .rows("samples", List.of("t", "heap"), List.of(List.of(0, 1.5), List.of(30, 2.25)));
    assertThat(report.json()).contains("\"a\": 1,\n  \"samples\": [\n    {\"t\": 0, \"heap\": 1.5},\n"
        + "    {\"t\": 30, \"heap\": 2.25}\n  ]\n}");
    assertThat(report.table()).contains("samples:\n     t heap\n     0  1.5\n    30 2.25\n");
  }
}
