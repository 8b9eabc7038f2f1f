package io.roster.remoting;

import com.alipay.remoting.AsyncContext;
import com.alipay.remoting.BizContext;
import com.alipay.remoting.rpc.protocol.AsyncUserProcessor;
import io.roster.remoting.hessian.RefusedPayload;
import io.roster.remoting.link.LinkCheck;
import io.roster.remoting.refusal.RefusalLog;

/**
 * Adapts a {@link RequestHandler} to bolt. Decoding and the handler both run on the I/O thread;
 * the handler's contract is to hand off at once, so no bolt business pool is needed.
 *
 * <p>This is the one place every request of every role enters, so it is where a body that is
 * not a {@code T} is turned away: none at all (an empty body or Hessian null), another type, or
 * one the decoder refused ({@link RefusedPayload}). Handlers therefore never see null. Each such
 * request is answered with an error that says what was wrong and logged through the endpoint's
 * {@link RefusalLog}, a line per source and reason, never a stack trace: these are the sender's
 * mistakes, not ours. What a handler throws is still bolt's to log, with its stack trace.
 */
final class BoltProcessor<T> extends AsyncUserProcessor<Object> {

  private final Class<T> type;
  private final RequestHandler<T> handler;
  private final BoltPeer.Invoker invoker;
  private final RefusalLog refusals;
  private final LinkCheck gate;

  /** @param gate the cluster-link check of a members-only link, or null for a client link */
  BoltProcessor(Class<T> type, RequestHandler<T> handler, BoltPeer.Invoker invoker,
      RefusalLog refusals, LinkCheck gate) {
    this.type = type;
    this.handler = handler;
    this.invoker = invoker;
    this.refusals = refusals;
    this.gate = gate;
  }

  @Override
  public void handleRequest(BizContext context, AsyncContext async, Object request) {
    if (gate != null && !gate.admits(context.getConnection())) {
      gate.refuse(context.getConnection(), type.getSimpleName());
      return;
    }
    BoltPeer from = BoltPeer.of(context.getConnection(), invoker);
    from.heard();
    if (type.isInstance(request)) {
      handler.handle(type.cast(request), from, async::sendResponse);
      return;
    }
    RefusedPayload refused = refusal(request);
    // Per IP, not per connection: one host opening connection after connection is one source.
    refusals.refused(from.remoteIp(), type.getSimpleName() + ": " + refused.auditReason());
    async.sendException(new IllegalArgumentException(refused.reason()));
  }

  private RefusedPayload refusal(Object request) {
    if (request instanceof RefusedPayload refused) {
      return refused;
    }
    if (request == null) {
      return new RefusedPayload("empty request body: expected a " + type.getName(), "empty body");
    }
    String got = request.getClass().getName();
    return new RefusedPayload("request body is a " + got + ", not a " + type.getName(),
        "body of another type (" + got + ")");
  }

  @Override
  public String interest() {
    return type.getName();
  }

  @Override
  public boolean processInIOThread() {
    return true;
  }
}
