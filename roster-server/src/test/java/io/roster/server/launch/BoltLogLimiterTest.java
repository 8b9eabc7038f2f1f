package io.roster.server.launch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BoltLogLimiterTest {

  private final AtomicLong now = new AtomicLong();
  private final LoggerContext context = new LoggerContext();
  private final Logger bolt = context.getLogger("com.alipay.sofa.common.log");
  private final Logger roster = context.getLogger("io.roster.session.Something");
  private final BoltLogLimiter limiter = new BoltLogLimiter(now::get);

  @BeforeEach
  void start() {
    bolt.setLevel(Level.WARN);
    roster.setLevel(Level.INFO);
    limiter.setContext(context);
    limiter.start();
  }

  @Test
  void aKindOfBoltLinePassesFiveTimesAMinuteWhateverItsVaryingPart() {
    int passed = 0;
    for (int i = 0; i < 1_000; i++) {
      if (decide(bolt, Level.ERROR, "No user processor found for request: com.evil.C" + i)
          == FilterReply.NEUTRAL) {
        passed++;
      }
    }
    assertThat(passed).isEqualTo(5);
    assertThat(decide(bolt, Level.ERROR, "Rpc response send failed! id=7. The address is x"))
        .as("another kind has its own count").isEqualTo(FilterReply.NEUTRAL);

    now.addAndGet(TimeUnit.SECONDS.toNanos(61));
    assertThat(decide(bolt, Level.ERROR, "No user processor found for request: com.evil.D"))
        .as("a new interval lets the kind through again").isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void linesOfOtherLoggersAndBelowWarnAreLeftAlone() {
    for (int i = 0; i < 100; i++) {
      assertThat(decide(roster, Level.WARN, "refused session bolt frame from 10.0.0." + i))
          .isEqualTo(FilterReply.NEUTRAL);
      assertThat(decide(bolt, Level.INFO, "Connection event " + i)).isEqualTo(FilterReply.NEUTRAL);
    }
  }

  @Test
  void variedTextsCannotGrowTheTableBeyondItsCap() {
    for (int i = 0; i < 10_000; i++) {
      decide(bolt, Level.WARN, "kind " + letters(i));
    }
    int passed = 0;
    for (int i = 0; i < 100; i++) {
      if (decide(bolt, Level.WARN, "brand new kind " + letters(i)) == FilterReply.NEUTRAL) {
        passed++;
      }
    }
    assertThat(passed).as("past the cap new kinds share one exhausted window").isZero();
  }

  @Test
  void theKindIsTheTextBeforeWhatBoltAppends() {
    assertThat(BoltLogLimiter.kindOf("ExceptionCaught in connection: local[127.0.0.1:1]"))
        .isEqualTo("ExceptionCaught in connection");
    assertThat(BoltLogLimiter.kindOf("Remove and close the last connection in ConnectionPool"
        + " with poolKey 127.0.0.1:54144"))
        .isEqualTo("Remove and close the last connection in ConnectionPool with poolKey");
    assertThat(BoltLogLimiter.kindOf("No user processor found for request: {}"))
        .isEqualTo("No user processor found for request");
  }

  /** i in letters (a-j for 0-9), so each i is its own kind: a digit would end the kind. */
  private static String letters(int i) {
    StringBuilder sb = new StringBuilder();
    for (char c : Integer.toString(i).toCharArray()) {
      sb.append((char) ('a' + (c - '0')));
    }
    return sb.toString();
  }

  private FilterReply decide(Logger logger, Level level, String text) {
    return limiter.decide(null, logger, level, text, null, null);
  }
}
