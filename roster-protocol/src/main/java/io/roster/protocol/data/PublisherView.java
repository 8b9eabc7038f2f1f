package io.roster.protocol.data;

import java.util.List;

/** What subscribers see of one publisher: its zone and its values. Decoded from a {@link DatumReply}. */
public record PublisherView(String zone, List<String> payload) {}
