package io.roster.session.accept;

import com.alipay.sofa.registry.core.constants.EventTypeConstants;
import com.alipay.sofa.registry.core.model.BaseRegister;
import com.alipay.sofa.registry.core.model.ConfiguratorRegister;
import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.RegisterResponse;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import com.alipay.sofa.registry.core.model.SubscriberRegister;
import com.alipay.sofa.registry.core.model.SyncConfigRequest;
import com.alipay.sofa.registry.core.model.SyncConfigResponse;
import io.roster.model.DataInfoId;
import io.roster.protocol.data.PayloadCodec;
import io.roster.model.Ticker;
import io.roster.remoting.BoltServer;
import io.roster.remoting.ConnectionListener;
import io.roster.remoting.NamedThreads;
import io.roster.remoting.Peer;
import io.roster.remoting.RequestHandler.Reply;
import io.roster.remoting.refusal.RefusalLog;
import io.roster.session.store.RegisterOutcome;
import io.roster.session.store.Registration.Pub;
import io.roster.session.store.Registration.Sub;
import io.roster.session.store.SessionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The client protocol of SOFARegistry 6.x on bolt. Runs on bolt I/O threads: checks each
 * registration, converts it, and hands it to the registry thread, which answers once the
 * registration is in the session store. Data is not waited for. A registration the rules refuse
 * (or, with {@link ClientAuth} on, is not signed by a known access key) is answered here and
 * logged through the {@link RefusalLog} (one line per client IP and rule).
 * Every connection whose registration was accepted is reported to {@code registered} (liveness protects only those).
 */
public final class ClientEndpoints {

  private final SessionStore store;
  private final Executor registryThread;
  private final RegistrationRules rules;
  private final ClientAuth auth;
  private final RefusalLog refusals;
  private final Ticker ticker;
  private final String dataCenter;
  private final String sessionZone;
  private final Consumer<Peer> registered;

  /**
   * @param registered told (on the registry thread, or an I/O thread for a watcher) of each
   *     connection that registered something; must hand off, never block
   */
  public ClientEndpoints(SessionStore store, Executor registryThread, int maxPayloadBytes,
      RegistrationLimits limits, ClientAuth auth, RefusalLog refusals, Ticker ticker,
      String dataCenter, String sessionZone, Consumer<Peer> registered) {
    this.store = store;
    this.registered = registered;
    this.registryThread = registryThread;
    this.rules = new RegistrationRules(maxPayloadBytes, limits);
    this.auth = auth;
    this.refusals = refusals;
    this.ticker = ticker;
    this.dataCenter = dataCenter;
    this.sessionZone = sessionZone;
  }

  public void bind(BoltServer server) {
    server.handle(PublisherRegister.class, this::publisher);
    server.handle(SubscriberRegister.class, this::subscriber);
    server.handle(ConfiguratorRegister.class, this::configurator);
    server.handle(SyncConfigRequest.class, (request, from, reply) -> reply.send(syncConfig()));
    server.listen(new ConnectionListener() {
      @Override
      public void closed(Peer peer) {
        submit(() -> store.connectionClosed(peer), () -> {});
      }
    });
  }

  private void publisher(PublisherRegister r, Peer from, Reply reply) {
    if (refusedByRules(r, rules.checkPublisher(r), from, reply)) {
      return;
    }
    String dataInfoId = dataInfoId(r);
    long version = r.getVersion();
    if (EventTypeConstants.UNREGISTER.equals(r.getEventType())) {
      submit(() -> reply.send(answer(r, store.unpublish(r.getRegistId(), dataInfoId, version, from))),
          () -> reply.send(transientFailure(r)));
      return;
    }
    // Interned: a million publishers share a few zones and app names and one id per datum.
    Pub pub = new Pub(r.getRegistId(), dataInfoId.intern(), from.id(), version,
        ticker.currentTimeMillis(), zoneOf(r).intern(), internOrNull(r.getAppName()),
        payload(r.getDataList()));
    submit(() -> reply.send(answer(r, accepted(store.publish(pub, from), from))),
        () -> reply.send(transientFailure(r)));
  }

  private void subscriber(SubscriberRegister r, Peer from, Reply reply) {
    if (refusedByRules(r, rules.checkSubscriber(r), from, reply)) {
      return;
    }
    long version = r.getVersion();
    if (EventTypeConstants.UNREGISTER.equals(r.getEventType())) {
      submit(() -> reply.send(answer(r, store.unsubscribe(r.getRegistId(), version))),
          () -> reply.send(transientFailure(r)));
      return;
    }
    DataInfoId id = new DataInfoId(r.getDataId(), r.getInstanceId(), r.getGroup());
    String scope = r.getScope() == null ? ScopeEnum.zone.name() : r.getScope();
    Sub sub = new Sub(r.getRegistId(), id.toString().intern(), from.id(), version, id.dataId(), id.group(),
        id.instanceId(), scope, zoneOf(r));
    submit(() -> reply.send(answer(r, accepted(store.subscribe(sub, from), from))),
        () -> reply.send(transientFailure(r)));
  }

  /** Configurators are acknowledged; config data ("provide data") is not served yet. */
  private void configurator(ConfiguratorRegister r, Peer from, Reply reply) {
    if (!refusedByRules(r, rules.checkCommon(r), from, reply)) {
      reply.send(answer(r, accepted(new RegisterOutcome(false, null), from)));
    }
  }

  /**
   * Answers and logs a refusal, if there is one: a missing or bad signature first, then the
   * rules' finding; the log line names the client's IP.
   */
  private boolean refusedByRules(BaseRegister r, RegistrationRules.Refusal byRules, Peer from,
      Reply reply) {
    RegistrationRules.Refusal refusal = auth.check(r, ticker.currentTimeMillis());
    if (refusal == null) {
      refusal = byRules;
    }
    if (refusal == null) {
      return false;
    }
    refusals.refused(from.remoteIp(), refusal.rule()); // per IP: reconnecting makes no new source
    reply.send(refused(r, refusal.message()));
    return true;
  }

  /** Tells liveness of a registration the store took. */
  private RegisterOutcome accepted(RegisterOutcome outcome, Peer from) {
    if (!outcome.refused()) {
      registered.accept(from);
    }
    return outcome;
  }

  private SyncConfigResponse syncConfig() {
    SyncConfigResponse response = new SyncConfigResponse();
    response.setSuccess(true);
    // The client filters every received push by these segments: it must be exactly [dataCenter].
    response.setAvailableSegments(new ArrayList<>(List.of(dataCenter)));
    // The client keeps max(its own interval, this); 0 leaves its own setting in force.
    response.setRetryInterval(0);
    return response;
  }

  private void submit(Runnable task, Runnable onRejected) {
    if (!NamedThreads.handOff(registryThread, task)) {
      onRejected.run();
    }
  }

  private String zoneOf(BaseRegister r) {
    return RegistrationRules.isBlank(r.getZone()) ? sessionZone : r.getZone();
  }

  private static String internOrNull(String s) {
    return s == null ? null : s.intern();
  }

  private static String dataInfoId(BaseRegister r) {
    return new DataInfoId(r.getDataId(), r.getInstanceId(), r.getGroup()).toString();
  }

  /** The client's values, packed once here; they stay packed until a push unpacks them. */
  private static byte[] payload(List<DataBox> boxes) {
    if (boxes == null || boxes.isEmpty()) {
      return PayloadCodec.EMPTY;
    }
    List<String> values = new ArrayList<>(boxes.size());
    for (DataBox box : boxes) {
      values.add(box == null ? null : box.getData());
    }
    return PayloadCodec.encode(values);
  }


  private static RegisterResponse answer(BaseRegister r, RegisterOutcome outcome) {
    RegisterResponse response = response(r);
    response.setSuccess(true);
    response.setRefused(outcome.refused());
    response.setMessage(outcome.message());
    return response;
  }

  private static RegisterResponse refused(BaseRegister r, String message) {
    return answer(r, new RegisterOutcome(true, message));
  }

  private static RegisterResponse transientFailure(BaseRegister r) {
    RegisterResponse response = response(r);
    response.setSuccess(false);
    response.setMessage("session is shutting down; retry");
    return response;
  }

  /** The version must echo the request: the client acks only a matching version. */
  private static RegisterResponse response(BaseRegister r) {
    RegisterResponse response = new RegisterResponse();
    response.setRegistId(r.getRegistId());
    response.setVersion(r.getVersion() == null ? 0L : r.getVersion());
    return response;
  }
}
