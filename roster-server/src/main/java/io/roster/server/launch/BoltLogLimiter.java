package io.roster.server.launch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Bolt logs some events once per request or connection, at WARN or ERROR, through the one logger
 * SOFA's logging falls back to ({@code com.alipay.sofa.common.log}): a request class it has no
 * processor for, an answer it could not send because the client left, an exception on a
 * connection. Whoever can open connections can so write log lines as fast as they send frames.
 * Roster's own refusals go through {@code RefusalLog}; this filter does the same for bolt's
 * lines, which Roster does not write: each kind of line (its text up to the first digit or
 * {@code : ! [ =}, where bolt puts addresses, ids and class names) passes {@code perInterval}
 * times per interval; later ones are dropped and counted, and the first line of the kind in a new
 * interval is followed by one saying how many were held back.
 *
 * <p>Installed from {@code logback.xml}. Called on every logging thread; a kind's window is
 * guarded by its own monitor. At most {@link #MAX_KINDS} kinds are tracked; past that all new
 * kinds share one window, so varied texts cannot grow the table.
 */
public final class BoltLogLimiter extends TurboFilter {

  static final int MAX_KINDS = 256;
  private static final String OTHER_KINDS = "(other kinds)";
  private static final org.slf4j.Logger SUMMARY = LoggerFactory.getLogger(BoltLogLimiter.class);

  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private final LongSupplier nanoClock;
  private String loggerPrefix = "com.alipay";
  private int perInterval = 5;
  private long intervalNanos = TimeUnit.MINUTES.toNanos(1);

  /** For logback, which builds filters with no arguments. */
  public BoltLogLimiter() {
    this(System::nanoTime);
  }

  BoltLogLimiter(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** Loggers whose names start with this are limited ({@code com.alipay} by default). */
  public void setLoggerPrefix(String loggerPrefix) {
    this.loggerPrefix = loggerPrefix;
  }

  /** Lines of one kind let through per interval (5 by default). */
  public void setPerInterval(int perInterval) {
    this.perInterval = perInterval;
  }

  /** The interval in seconds (60 by default). */
  public void setIntervalSeconds(long seconds) {
    this.intervalNanos = TimeUnit.SECONDS.toNanos(seconds);
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format,
      Object[] params, Throwable t) {
    if (!isStarted() || format == null || level == null || !level.isGreaterOrEqual(Level.WARN)
        || !logger.getName().startsWith(loggerPrefix)
        || !logger.isEnabledFor(level)) {
      return FilterReply.NEUTRAL;
    }
    String kind = kindOf(format);
    Window window = windows.get(kind);
    if (window == null) {
      if (windows.size() >= MAX_KINDS) {
        kind = OTHER_KINDS;
      }
      window = windows.computeIfAbsent(kind, k -> new Window(nanoClock.getAsLong()));
    }
    long heldBack = window.admit(nanoClock.getAsLong(), intervalNanos, perInterval);
    if (heldBack < 0) {
      return FilterReply.DENY;
    }
    if (heldBack > 0) {
      SUMMARY.warn("held back {} more log lines like \"{}\" from {} in the last interval",
          heldBack, kind, logger.getName());
    }
    return FilterReply.NEUTRAL;
  }

  /** The stable start of a line: bolt appends what varies (ids, addresses, class names). */
  static String kindOf(String format) {
    int end = 0;
    while (end < format.length() && end < 80) {
      char c = format.charAt(end);
      if (Character.isDigit(c) || c == ':' || c == '!' || c == '[' || c == '=' || c == '{') {
        break;
      }
      end++;
    }
    String kind = format.substring(0, end).trim();
    return kind.isEmpty() ? "(no text)" : kind;
  }

  /** One kind's count in the current interval. */
  private static final class Window {
    private long startedAt;
    private int passed;
    private long held;

    Window(long now) {
      startedAt = now;
    }

    /** -1: drop the line; otherwise let it pass, returning lines held back before it. */
    synchronized long admit(long now, long intervalNanos, int perInterval) {
      long heldBefore = 0;
      if (now - startedAt >= intervalNanos) {
        heldBefore = held;
        startedAt = now;
        passed = 0;
        held = 0;
      }
      if (passed >= perInterval) {
        held++;
        return -1;
      }
      passed++;
      return heldBefore;
    }
  }
}
