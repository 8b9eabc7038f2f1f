/** Slot assignment as a pure function of (current table, live data nodes, slots, replicas). */
package io.roster.meta.slots;
