package io.roster.it.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records every event that reaches logback's root logger in this JVM while open: Roster's own
 * loggers and, since SOFA's logging falls back to the application's logback in tests, bolt's.
 * The noise {@link ClosedClientNoiseFilter} drops from the console is left out here too.
 */
public final class LogCapture implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final ClosedClientNoiseFilter noise = new ClosedClientNoiseFilter();

  private LogCapture() {
    appender.setContext(root.getLoggerContext());
    appender.start();
    root.addAppender(appender);
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  /** The events recorded so far, in order. */
  public List<ILoggingEvent> events() {
    List<ILoggingEvent> all;
    synchronized (appender) {
      all = new ArrayList<>(appender.list);
    }
    all.removeIf(e -> noise.decide(e) == FilterReply.DENY);
    return all;
  }

  /** Each event as one line: level, logger, message, and the throwable's class if it has one. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : events()) {
      IThrowableProxy t = e.getThrowableProxy();
      lines.add(e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage()
          + (t == null ? "" : " [" + t.getClassName() + ": " + t.getMessage() + "]"));
    }
    return lines;
  }

  /** The lines of the events that carry a throwable, which the log prints as a stack trace. */
  public List<String> linesWithStackTraces() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : events()) {
      if (e.getThrowableProxy() != null) {
        lines.add(e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage());
      }
    }
    return lines;
  }

  public void clear() {
    synchronized (appender) {
      appender.list.clear();
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
