package io.roster.meta.raft;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.error.RaftError;
import io.roster.protocol.Status;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one proposal's answer back out of jraft. The state machine records what applying the
 * entry meant ({@link #applied}) on its thread just before jraft runs the closure on that same
 * thread, so the plain field needs no synchronization. jraft failures become {@link Outcome}
 * values ({@code EPERM} is {@code NOT_LEADER}; {@code EBUSY}, a full apply queue or a leadership
 * transfer, and every other error are {@code NOT_READY}, retried with backoff by membership);
 * nothing is thrown across the boundary. It runs its callback at most once.
 */
final class ProposalClosure implements Closure {

  private static final Logger LOG = LoggerFactory.getLogger(ProposalClosure.class);

  private final Consumer<Outcome> callback;
  private final AtomicBoolean ran = new AtomicBoolean();
  private Outcome applied;

  ProposalClosure(Consumer<Outcome> callback) {
    this.callback = callback;
  }

  void applied(Outcome outcome) {
    this.applied = outcome;
  }

  @Override
  public void run(com.alipay.sofa.jraft.Status status) {
    if (!ran.compareAndSet(false, true)) {
      return; // RaftGroup.propose also runs it when apply throws, jraft may have run it first
    }
    Outcome outcome;
    if (status.isOk()) {
      outcome = applied == null ? Outcome.ok() : applied;
    } else if (status.getRaftError() == RaftError.EPERM) {
      outcome = Outcome.of(Status.NOT_LEADER, status.getErrorMsg());
    } else {
      outcome = Outcome.of(Status.NOT_READY, status.getRaftError() + ": " + status.getErrorMsg());
    }
    try {
      callback.accept(outcome);
    } catch (RuntimeException e) {
      LOG.error("proposal callback failed", e);
    }
  }
}
