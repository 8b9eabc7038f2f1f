package io.roster.testkit;

import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * One role server of a {@link LocalCluster} that can be stopped and started again. A restart
 * reuses the ports the first start bound, so clients and peers find the node where they left it.
 */
final class RoleNode<S extends AutoCloseable> {

  /** Builds a server for the given ports (0 on the first start: any free port). */
  @FunctionalInterface
  interface Factory<S> {
    S create(int boltPort, int httpPort);
  }

  final int index;
  final String name;
  private final Factory<S> factory;
  private final Consumer<S> starter;
  private final ToIntFunction<S> boltPortOf;
  private final ToIntFunction<S> httpPortOf;
  volatile S server;
  int boltPort;
  int httpPort;

  RoleNode(String role, int index, Factory<S> factory, Consumer<S> starter,
      ToIntFunction<S> boltPortOf, ToIntFunction<S> httpPortOf) {
    this.index = index;
    this.name = role + "-" + index;
    this.factory = factory;
    this.starter = starter;
    this.boltPortOf = boltPortOf;
    this.httpPortOf = httpPortOf;
  }

  void start() {
    S created = factory.create(boltPort, httpPort);
    try {
      starter.accept(created);
    } catch (RuntimeException e) {
      close(created);
      throw new IllegalStateException("starting " + name + " failed: " + e, e);
    }
    server = created;
    boltPort = boltPortOf.applyAsInt(created);
    httpPort = httpPortOf.applyAsInt(created);
  }

  void stop() {
    S s = server;
    server = null;
    if (s != null) {
      close(s);
    }
  }

  boolean running() {
    return server != null;
  }

  private static void close(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing failed: " + e, e);
    }
  }
}
