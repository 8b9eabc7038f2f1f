package io.roster.data.store;

/** A datum whose visible content changed, and its new version. */
public record Change(String dataInfoId, long version) {}
