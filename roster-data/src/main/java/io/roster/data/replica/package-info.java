/** The links a slot leader replicates to its followers over. */
package io.roster.data.replica;
