package io.roster.server.launch;

import io.roster.data.DataConfig;
import io.roster.meta.MetaConfig;
import io.roster.server.config.RoleName;
import io.roster.session.SessionConfig;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** Roles that bind nothing and record every call, in order, into one shared event list. */
final class FakeRoles implements RoleFactory {

  final List<String> events = new CopyOnWriteArrayList<>();
  final Map<RoleName, FakeRole> roles = new EnumMap<>(RoleName.class);
  volatile DataConfig dataConfig;
  volatile SessionConfig sessionConfig;

  FakeRoles() {
    roles.put(RoleName.META, new FakeRole(RoleName.META, 41001));
    roles.put(RoleName.DATA, new FakeRole(RoleName.DATA, 41002));
    roles.put(RoleName.SESSION, new FakeRole(RoleName.SESSION, 41003));
  }

  FakeRole role(RoleName name) {
    return roles.get(name);
  }

  @Override
  public Role meta(MetaConfig config) {
    events.add("create meta");
    return roles.get(RoleName.META);
  }

  @Override
  public Role data(DataConfig config) {
    events.add("create data");
    dataConfig = config;
    return roles.get(RoleName.DATA);
  }

  @Override
  public Role session(SessionConfig config) {
    events.add("create session");
    sessionConfig = config;
    return roles.get(RoleName.SESSION);
  }

  final class FakeRole implements Role {
    final RoleName name;
    final int boltPort;
    final AtomicBoolean ready = new AtomicBoolean(true);
    volatile RuntimeException failStart;
    volatile RuntimeException failClose;

    FakeRole(RoleName name, int boltPort) {
      this.name = name;
      this.boltPort = boltPort;
    }

    @Override
    public RoleName name() {
      return name;
    }

    @Override
    public void start() {
      events.add("start " + name.id());
      if (failStart != null) {
        throw failStart;
      }
    }

    @Override
    public boolean isReady() {
      return ready.get();
    }

    @Override
    public Map<String, Integer> ports() {
      Map<String, Integer> ports = new LinkedHashMap<>();
      ports.put(BOLT, boltPort);
      if (name == RoleName.META) {
        ports.put(RAFT, boltPort - 1);
      }
      ports.put(HTTP, boltPort + 1);
      return ports;
    }

    @Override
    public void close() {
      events.add("close " + name.id());
      if (failClose != null) {
        throw failClose;
      }
    }
  }
}
