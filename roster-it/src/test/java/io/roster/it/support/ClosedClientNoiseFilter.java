package io.roster.it.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the errors that official clients closed by earlier tests keep logging: the 6.3.0 client
 * cannot be stopped, so its server-list thread polls an HTTP port that is gone every 10 s (see
 * {@link OfficialClient}). Everything else passes.
 */
public final class ClosedClientNoiseFilter extends Filter<ILoggingEvent> {

  @Override
  public FilterReply decide(ILoggingEvent event) {
    String message = event.getMessage();
    if (message != null && message.startsWith("[serverManager] get server list error")) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
