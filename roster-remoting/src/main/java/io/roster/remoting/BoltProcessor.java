package io.roster.remoting;

import com.alipay.remoting.AsyncContext;
import com.alipay.remoting.BizContext;
import com.alipay.remoting.rpc.protocol.AsyncUserProcessor;
import io.roster.remoting.hessian.RefusedPayload;
import io.roster.remoting.link.LinkCheck;

/**
 * Adapts a {@link RequestHandler} to bolt. Decoding and the handler both run on the I/O thread;
 * the handler's contract is to hand off at once, so no bolt business pool is needed.
 */
final class BoltProcessor<T> extends AsyncUserProcessor<T> {

  private final Class<T> type;
  private final RequestHandler<T> handler;
  private final BoltPeer.Invoker invoker;
  private final LinkCheck gate;

  /** @param gate the cluster-link check of a members-only link, or null for a client link */
  BoltProcessor(Class<T> type, RequestHandler<T> handler, BoltPeer.Invoker invoker, LinkCheck gate) {
    this.type = type;
    this.handler = handler;
    this.invoker = invoker;
    this.gate = gate;
  }

  @Override
  public void handleRequest(BizContext context, AsyncContext async, T request) {
    if (gate != null && !gate.admits(context.getConnection())) {
      gate.refuse(context.getConnection(), type.getSimpleName());
      return;
    }
    BoltPeer from = BoltPeer.of(context.getConnection(), invoker);
    from.heard();
    if (request instanceof RefusedPayload refused) {
      async.sendException(new IllegalArgumentException(refused.reason()));
      return;
    }
    handler.handle(type.cast(request), from, async::sendResponse);
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
