package io.roster.server.launch;

import io.roster.server.config.RosterConfig;

/** Runs a resolved configuration until it stops; returns the process exit code. */
@FunctionalInterface
public interface Launcher {

  int run(RosterConfig config);
}
