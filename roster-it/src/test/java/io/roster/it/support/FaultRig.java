package io.roster.it.support;

import io.roster.testkit.ConvergenceChecker;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every process fault test holds: a {@link Closer} for its cluster and clients, the
 * {@link ConvergenceChecker} that judges every view, and {@link CheckedClients} built on both.
 * Registered with {@code @RegisterExtension}, it closes everything after each test.
 */
public final class FaultRig implements AfterEachCallback {

  public final Closer closer = new Closer();
  public final ConvergenceChecker checker = new ConvergenceChecker();
  public final CheckedClients clients = new CheckedClients(checker, closer);

  @Override
  public void afterEach(ExtensionContext context) {
    closer.closeAll();
  }
}
