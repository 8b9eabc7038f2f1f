package io.roster.data.slot;

/**
 * A message a slot leader wants sent to one follower ({@code ReplicaAppend} or
 * {@code ReplicaDigestQuery}); its answer goes back to the slot with {@code generation}, so an
 * answer from before the link restarted is ignored.
 */
public record ReplicaSend(int slot, String follower, long generation, Object message) {}
