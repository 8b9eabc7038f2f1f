package io.roster.bench;

import java.util.List;

/**
 * Whether the server's heap after a full GC grew during the soak. Two measures, both over the
 * samples after the warm-up: the least-squares slope over the second half of the run (a leak
 * grows steadily; the first half may still fill caches and pools up to their bounds), and the last
 * sample minus the first (growth that a short second half could hide).
 *
 * <p>The bounds: the churn's live set is a few hundred publishers and subscribers, well under 1 MB,
 * and stays that size, so a healthy server's heap after GC is flat up to what happens to be in
 * flight at the sample (queued pushes, buffers), well under a megabyte. The default 200 changes
 * per second are about 300 operations (a replacement is two), 18,000 a minute, so a slope of
 * {@value #MAX_SLOPE_MB_PER_MIN} MB/min is under 60 bytes kept per operation: less than one
 * registId string, so a leak of anything per registration, subscription or connection fails it.
 * {@value #MAX_GROWTH_MB} MB between first and last sample allows for bounded structures still
 * filling when the warm-up ends (session and data keep a tombstone per unregistration for 2
 * minutes, a few MB at this rate) and fails a leak that grew early and then slowed.
 */
record SoakVerdict(double slopeMbPerMinute, int slopeSamples, double growthMb, boolean heapFlat) {

  static final double MAX_SLOPE_MB_PER_MIN = 1.0;
  static final double MAX_GROWTH_MB = 16.0;

  /** A heap sample: seconds since the churn started, heap after a full GC in MB. */
  record Point(double seconds, double heapMb) {}

  /** {@code points} are the post-warm-up samples in time order; the slope starts at {@code fromSeconds}. */
  static SoakVerdict judge(List<Point> points, double fromSeconds) {
    if (points.size() < 2) {
      throw new IllegalArgumentException("a verdict needs two samples, got " + points.size());
    }
    List<Point> tail = points.stream().filter(p -> p.seconds() >= fromSeconds).toList();
    if (tail.size() < 2) {
      tail = points.subList(points.size() - 2, points.size());
    }
    double slope = slopePerMinute(tail);
    double growth = points.get(points.size() - 1).heapMb() - points.get(0).heapMb();
    return new SoakVerdict(slope, tail.size(), growth, slope < MAX_SLOPE_MB_PER_MIN && growth < MAX_GROWTH_MB);
  }

  /** Least-squares slope of heap over time, in MB per minute. */
  static double slopePerMinute(List<Point> points) {
    double n = points.size();
    double meanX = points.stream().mapToDouble(p -> p.seconds() / 60).sum() / n;
    double meanY = points.stream().mapToDouble(Point::heapMb).sum() / n;
    double sxy = 0;
    double sxx = 0;
    for (Point p : points) {
      double dx = p.seconds() / 60 - meanX;
      sxy += dx * (p.heapMb() - meanY);
      sxx += dx * dx;
    }
    if (sxx == 0) {
      throw new IllegalArgumentException("samples must span time");
    }
    return sxy / sxx;
  }
}
