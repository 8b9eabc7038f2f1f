/**
 * The meta raft group: the replicated {@link io.roster.meta.raft.MetaState}, its commands, log and
 * snapshot formats, and the SOFAJRaft node. jraft types appear in this package only (an ArchUnit
 * rule checks it); everything above talks to {@link io.roster.meta.raft.Consensus}.
 */
package io.roster.meta.raft;
