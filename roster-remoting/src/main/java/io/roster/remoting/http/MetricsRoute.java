package io.roster.remoting.http;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} in the Prometheus text format. Each role owns its own registry (never the
 * library's global default), so several roles in one JVM export separately.
 */
public final class MetricsRoute implements HttpRoute {

  private final PrometheusRegistry registry;
  private final PrometheusTextFormatWriter writer = new PrometheusTextFormatWriter(false);

  public MetricsRoute(PrometheusRegistry registry) {
    this.registry = registry;
  }

  @Override
  public HttpAnswer answer(HttpQuery query) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new HttpAnswer(200, PrometheusTextFormatWriter.CONTENT_TYPE, out.toString(StandardCharsets.UTF_8));
  }
}
