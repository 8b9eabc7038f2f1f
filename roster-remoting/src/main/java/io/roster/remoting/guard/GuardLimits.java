package io.roster.remoting.guard;

/**
 * What one bolt server port accepts, enforced by {@link BoltGuard} before bolt sees a byte.
 *
 * @param maxFrameBytes largest frame, header included, a peer may declare; a larger (or negative,
 *     or overflowing) declaration closes the connection as soon as its header arrives
 * @param maxConnections connections open at once on the port; more are closed at accept
 * @param maxConnectionsPerIp connections open at once from one client IP; more are closed at accept
 */
public record GuardLimits(long maxFrameBytes, int maxConnections, int maxConnectionsPerIp) {

  /**
   * Upper bound of {@link #maxFrameBytes}: bolt adds the three lengths in an {@code int}, so a
   * frame the guard lets through must keep that sum far from overflow.
   */
  public static final long MAX_FRAME_CEILING = 1L << 30;
  /** Large enough for the biggest message between roles (a slot sync part, a write batch). */
  public static final long DEFAULT_MAX_FRAME_BYTES = 256L << 20;
  /**
   * Generous on purpose: tests and benches open thousands of official-client connections from
   * 127.0.0.1 ({@code ./roster bench scale} 10,000 by default).
   */
  public static final int DEFAULT_MAX_CONNECTIONS = 100_000;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 20_000;

  public static final GuardLimits DEFAULT = new GuardLimits(DEFAULT_MAX_FRAME_BYTES,
      DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_IP);

  public GuardLimits {
    if (maxFrameBytes < 64 || maxFrameBytes > MAX_FRAME_CEILING) {
      throw new IllegalArgumentException("maxFrameBytes must be 64 to " + MAX_FRAME_CEILING + ": "
          + maxFrameBytes);
    }
    if (maxConnections < 1 || maxConnectionsPerIp < 1) {
      throw new IllegalArgumentException("connection limits must be positive: " + maxConnections
          + ", " + maxConnectionsPerIp);
    }
  }

  /** These limits with another frame size. */
  public GuardLimits withMaxFrameBytes(long bytes) {
    return new GuardLimits(bytes, maxConnections, maxConnectionsPerIp);
  }
}
