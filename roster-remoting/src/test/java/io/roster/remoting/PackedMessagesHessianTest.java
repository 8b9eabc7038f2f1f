package io.roster.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.protocol.data.DatumReply;
import io.roster.protocol.data.PayloadCodec;
import io.roster.protocol.data.PublisherView;
import io.roster.protocol.data.PublisherWrite;
import io.roster.protocol.data.PublisherWrite.Kind;
import io.roster.protocol.data.WriteBatch;
import io.roster.remoting.hessian.AllowlistSerializer;
import io.roster.remoting.hessian.HessianAllowlist;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packed internal messages survive Hessian through the allowlist unchanged. */
class PackedMessagesHessianTest {

  private final AllowlistSerializer hessian = new AllowlistSerializer(HessianAllowlist.defaults());

  @Test
  void datumReplyRoundTrips() throws Exception {
    DatumReply sent = new DatumReply.Builder("svc#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP", 42, 2)
        .add("ZONE_A", PayloadCodec.encode(List.of("10.0.0.1:80")))
        .add("ZONE_B", PayloadCodec.encode(List.of("10.0.0.2:80", "extra")))
        .build();
    DatumReply received = hessian.deserialize(hessian.serialize(sent), DatumReply.class.getName());
    assertThat(received.version()).isEqualTo(42);
    assertThat(received.publishers()).containsExactly(
        new PublisherView("ZONE_A", List.of("10.0.0.1:80")),
        new PublisherView("ZONE_B", List.of("10.0.0.2:80", "extra")));
  }

  @Test
  void writeBatchKeepsPayloadBytes() throws Exception {
    byte[] payload = PayloadCodec.encode(List.of("10.0.0.1:80"));
    WriteBatch sent = new WriteBatch("s:1", 3, java.util.Map.of(4, 9L), List.of(
        new PublisherWrite(Kind.PUT, "d", "r1", "c1", 1, 5, "Z", "app", payload)));
    WriteBatch received = hessian.deserialize(hessian.serialize(sent), WriteBatch.class.getName());
    assertThat(PayloadCodec.decode(received.writes().get(0).payload())).containsExactly("10.0.0.1:80");
    assertThat(received.slotEpoch(4)).isEqualTo(9L);
    assertThat(received.slotEpoch(5)).isEqualTo(-1L);
  }
}
