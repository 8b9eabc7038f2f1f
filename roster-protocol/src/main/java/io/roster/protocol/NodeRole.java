package io.roster.protocol;

public enum NodeRole {
  SESSION,
  DATA
}
