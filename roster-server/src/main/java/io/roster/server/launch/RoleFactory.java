package io.roster.server.launch;

import io.roster.data.DataConfig;
import io.roster.meta.MetaConfig;
import io.roster.session.SessionConfig;

/** Creates the roles from their config records; the seam between wiring and the real servers. */
public interface RoleFactory {

  Role meta(MetaConfig config);

  Role data(DataConfig config);

  Role session(SessionConfig config);
}
