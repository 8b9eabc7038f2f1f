package io.roster.remoting.refusal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

class RefusalLogTest {

  private final List<String> lines = new ArrayList<>();
  private final AtomicLong now = new AtomicLong(1_000);
  private final RefusalLog refusals = new RefusalLog(capturing(lines), "test request",
      Duration.ofSeconds(10), now::get);

  @Test
  void aFloodFromOneSourceLogsOneLineAndThenTheCountOncePerInterval() {
    for (int i = 0; i < 1000; i++) {
      refusals.refused("10.0.0.1:5000", "frame too long");
    }
    assertThat(lines).containsExactly("refused test request from 10.0.0.1:5000: frame too long");

    now.addAndGet(Duration.ofSeconds(10).toNanos());
    refusals.refused("10.0.0.1:5000", "frame too long");
    assertThat(lines).hasSize(2).last().asString()
        .isEqualTo("refused test request from 10.0.0.1:5000: frame too long (999 more like it since the last line)");
    assertThat(refusals.total()).isEqualTo(1001);
  }

  @Test
  void eachSourceAndReasonHasItsOwnLine() {
    refusals.refused("a", "r1");
    refusals.refused("a", "r2");
    refusals.refused("b", "r1");
    refusals.refused("a", "r1");
    assertThat(lines).hasSize(3);
  }

  @Test
  void manySourcesAreCappedSoTheTableAndTheLogStayBounded() {
    for (int i = 0; i < RefusalLog.MAX_TRACKED + 5000; i++) {
      refusals.refused("10.0." + (i / 256) + "." + (i % 256), "bad");
    }
    assertThat(lines).hasSize(RefusalLog.MAX_TRACKED + 1);
    assertThat(lines.get(lines.size() - 1)).contains("from other sources");
  }

  @Test
  void manyReasonsFromOneSourceAreCappedToo() {
    // A refused class name is the reason: an attacker picks as many as he likes.
    for (int i = 0; i < RefusalLog.MAX_TRACKED + 5000; i++) {
      refusals.refused("10.0.0.1:5000", "class not allowed: x.Gadget" + i);
    }
    assertThat(lines).hasSize(RefusalLog.MAX_TRACKED + 1);
    assertThat(lines.get(lines.size() - 1)).contains("from other sources");
  }

  @Test
  void aLongReasonIsCut() {
    refusals.refused("a", "r".repeat(100_000));
    assertThat(lines).singleElement().asString()
        .hasSizeLessThan(RefusalLog.MAX_REASON_CHARS + 100).endsWith("...");
  }

  /** A Logger that records formatted warn lines; the slf4j API is large, so a proxy. */
  static Logger capturing(List<String> lines) {
    return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
        (proxy, method, args) -> {
          if (method.getName().equals("warn") && args != null && args[0] instanceof String format) {
            Object[] rest = new Object[args.length - 1];
            System.arraycopy(args, 1, rest, 0, rest.length);
            Object[] flat = rest.length == 1 && rest[0] instanceof Object[] a ? a : rest;
            lines.add(MessageFormatter.arrayFormat(format, flat).getMessage());
          }
          return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
        });
  }
}
