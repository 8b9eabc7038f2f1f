package io.roster.bench;

/** Starts {@link VictimPublisher} JVMs with a small heap, for the {@code offline} scenario. */
final class Victims {

  private final String host;
  private final int httpPort;

  Victims(String host, int httpPort) {
    this.host = host;
    this.httpPort = httpPort;
  }

  /** Starts a victim and returns once its publisher is acknowledged. */
  ChildJvm start(String dataId, String value) {
    ChildJvm victim = ChildJvm.start(VictimPublisher.class, "64m", host, String.valueOf(httpPort), dataId, value);
    victim.awaitLine("PUBLISHED");
    victim.drain();
    return victim;
  }
}
