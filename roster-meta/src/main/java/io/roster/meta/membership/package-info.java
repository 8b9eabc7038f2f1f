/**
 * Leases and the reconcile loop of the meta leader: heartbeats renew in-memory leases; joins,
 * restarts, evictions and new slot tables are committed through raft.
 */
package io.roster.meta.membership;
