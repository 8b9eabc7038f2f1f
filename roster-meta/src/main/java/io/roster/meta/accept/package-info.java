/** Meta's bolt endpoint: heartbeats from sessions and data nodes. */
package io.roster.meta.accept;
