package io.roster.protocol.data;

/**
 * One publisher as a slot leader holds it, owner included, so a follower stores exactly what the
 * leader stores. {@code payload} is shared, never modified.
 */
public record ReplicaEntry(String registId, String sessionAddress, long sessionIncarnation,
    String connectId, long clientVersion, long receivedAtMillis, String zone, byte[] payload) {}
