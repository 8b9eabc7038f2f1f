package io.roster.protocol.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedFormatsTest {

  @Test
  void payloadKeepsNullsEmptiesOrderAndNonAscii() {
    List<String> values = Arrays.asList("10.0.0.1:12200", null, "", "zöne-ü-漢字", "x".repeat(300));
    assertThat(PayloadCodec.decode(PayloadCodec.encode(values))).containsExactlyElementsOf(values);
    assertThat(PayloadCodec.decode(PayloadCodec.encode(List.of()))).isEmpty();
    assertThat(PayloadCodec.decode(PayloadCodec.encode(Collections.singletonList(null)))).containsExactly((String) null);
  }

  @Test
  void oneHundredByteValueCostsOneLengthByteMore() {
    assertThat(PayloadCodec.encode(List.of("a".repeat(100)))).hasSize(101);
  }

  @Test
  void datumReplyCarriesZonesAndPayloads() {
    DatumReply reply = new DatumReply.Builder("d", 7, 3)
        .add("Z1", PayloadCodec.encode(List.of("a")))
        .add(null, PayloadCodec.encode(List.of("b", "c")))
        .add("Z2", PayloadCodec.EMPTY)
        .build();
    assertThat(reply.version()).isEqualTo(7);
    assertThat(reply.publisherCount()).isEqualTo(3);
    assertThat(reply.publishers()).containsExactly(
        new PublisherView("Z1", List.of("a")),
        new PublisherView(null, List.of("b", "c")),
        new PublisherView("Z2", List.of()));
  }

  @Test
  void corruptBytesAreRefusedNotMisread() {
    byte[] truncated = Arrays.copyOf(PayloadCodec.encode(List.of("abcdef")), 3);
    assertThatThrownBy(() -> PayloadCodec.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
    byte[] endless = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    assertThatThrownBy(() -> PayloadCodec.decode(endless)).isInstanceOf(IllegalArgumentException.class);
  }
}
