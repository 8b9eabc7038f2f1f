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

  @Test
  void writeBatchRoundTripsEveryFieldThroughItsPackedBytes() throws Exception {
    byte[] payload = PayloadCodec.encode(List.of("10.0.0.1:80"));
    List<PublisherWrite> writes = List.of(
        new PublisherWrite(PublisherWrite.Kind.PUT, "d1", "r1", "c1", 3, 1_700_000_000_000L, "Z", "app", payload),
        new PublisherWrite(PublisherWrite.Kind.UNREGISTER, "d1", "r2", "c1", 4, 5, null, null, PayloadCodec.EMPTY),
        new PublisherWrite(PublisherWrite.Kind.CLIENT_OFF, "d2", "r3", "c2", -1, 0, "Z", "app", payload));
    WriteBatch sent = new WriteBatch("s:1", 7, java.util.Map.of(0, 9L), writes);
    WriteBatch received = copyOf(sent);
    assertThat(received.size()).isEqualTo(3);
    assertThat(received.writes()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      PublisherWrite a = writes.get(i);
      PublisherWrite b = received.writes().get(i);
      assertThat(List.of(b.kind(), b.dataInfoId(), b.registId(), b.connectId(), b.clientVersion(), b.receivedAtMillis()))
          .containsExactly(a.kind(), a.dataInfoId(), a.registId(), a.connectId(), a.clientVersion(), a.receivedAtMillis());
      assertThat(b.zone()).isEqualTo(a.zone());
      assertThat(b.appName()).isEqualTo(a.appName());
      assertThat(b.payload()).isEqualTo(a.payload());
    }
  }

  @Test
  void largeStringTablesIndexPastTheRemainingBytes() throws Exception {
    List<PublisherWrite> writes = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      writes.add(new PublisherWrite(PublisherWrite.Kind.PUT, "data-" + i, "r" + i, "conn-" + i, i, i,
          "Z" + i, "app" + i, PayloadCodec.encode(List.of("v" + i))));
    }
    List<PublisherWrite> received = copyOf(new WriteBatch("s:1", 1, java.util.Map.of(0, 1L), writes)).writes();
    assertThat(received).hasSize(300);
    assertThat(received.get(299).appName()).isEqualTo("app299");
    assertThat(PayloadCodec.decode(received.get(299).payload())).containsExactly("v299");
    DatumReply.Builder reply = new DatumReply.Builder("d", 1, 300);
    for (int i = 0; i < 300; i++) {
      reply.add("zone-" + i, PayloadCodec.EMPTY);
    }
    assertThat(reply.build().publishers().get(299).zone()).isEqualTo("zone-299");
  }

  @Test
  void hostileDatumRepliesAreRefusedWithoutAllocatingWhatTheyClaim() throws Exception {
    DatumReply reply = new DatumReply.Builder("d", 1, 1).add("Z", PayloadCodec.encode(List.of("a"))).build();
    java.lang.reflect.Field count = DatumReply.class.getDeclaredField("publisherCount");
    count.setAccessible(true);
    count.set(reply, Integer.MAX_VALUE - 8);
    assertThat(reply.publishers()).hasSize(1);

    java.lang.reflect.Field zones = DatumReply.class.getDeclaredField("zones");
    zones.setAccessible(true);
    java.util.ArrayList<Object> wrongType = new java.util.ArrayList<>(List.of(42));
    zones.set(reply, wrongType);
    assertThatThrownBy(reply::publishers).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void changeNoticesThatDoNotPairUpAreRefused() throws Exception {
    DatumChanged good = new DatumChanged(List.of("a", "b"), List.of(1L, 2L));
    good.validate();
    java.lang.reflect.Field versions = DatumChanged.class.getDeclaredField("versions");
    versions.setAccessible(true);
    versions.set(good, new java.util.ArrayList<>(List.of(1L)));
    assertThatThrownBy(good::validate).isInstanceOf(IllegalArgumentException.class);
    versions.set(good, new java.util.ArrayList<Object>(List.of(1L, "two")));
    assertThatThrownBy(good::validate).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void corruptWriteBatchIsRefused() throws Exception {
    WriteBatch sent = new WriteBatch("s:1", 7, java.util.Map.of(0, 9L), List.of(
        new PublisherWrite(PublisherWrite.Kind.PUT, "d1", "r1", "c1", 3, 5, "Z", "app", PayloadCodec.EMPTY)));
    java.lang.reflect.Field bytes = WriteBatch.class.getDeclaredField("packedWrites");
    bytes.setAccessible(true);
    byte[] packed = (byte[]) bytes.get(sent);
    WriteBatch truncated = copyOf(sent);
    bytes.set(truncated, Arrays.copyOf(packed, packed.length - 3));
    assertThatThrownBy(truncated::writes).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void replicaAppendRoundTripsEveryDeltaThroughItsPackedBytes() throws Exception {
    byte[] payload = PayloadCodec.encode(List.of("10.0.0.1:80", "zöne"));
    ReplicaEntry kept = new ReplicaEntry("r1", "10.0.1.1:9600", 1_700_000_000_001L, "c1", 3,
        1_700_000_000_000L, "Z", payload);
    ReplicaEntry noZone = new ReplicaEntry("r2", "10.0.1.1:9600", 1_700_000_000_001L, "c2", 1, 5, null,
        PayloadCodec.EMPTY);
    List<DatumDelta> deltas = List.of(
        new DatumDelta("d1", 41, DatumDelta.Mode.CHANGE, List.of(kept, noZone), List.of("gone")),
        new DatumDelta("d2", 42, DatumDelta.Mode.REPLACE, List.of(), List.of()),
        new DatumDelta("d3", 0, DatumDelta.Mode.DELETE, List.of(), List.of()));
    ReplicaAppend received = copyOf(new ReplicaAppend(5, 77, 12, ReplicaAppend.Kind.CATCH_UP, 2, true, deltas));

    assertThat(received.slot()).isEqualTo(5);
    assertThat(received.leaderEpoch()).isEqualTo(77);
    assertThat(received.seq()).isEqualTo(12);
    assertThat(received.kind()).isEqualTo(ReplicaAppend.Kind.CATCH_UP);
    assertThat(received.part()).isEqualTo(2);
    assertThat(received.last()).isTrue();
    List<DatumDelta> got = received.deltas();
    assertThat(got).extracting(DatumDelta::dataInfoId, DatumDelta::version, DatumDelta::mode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("d1", 41L, DatumDelta.Mode.CHANGE),
            org.assertj.core.groups.Tuple.tuple("d2", 42L, DatumDelta.Mode.REPLACE),
            org.assertj.core.groups.Tuple.tuple("d3", 0L, DatumDelta.Mode.DELETE));
    assertThat(got.get(0).removes()).containsExactly("gone");
    ReplicaEntry first = got.get(0).puts().get(0);
    assertThat(first).usingRecursiveComparison().ignoringFields("payload").isEqualTo(kept);
    assertThat(PayloadCodec.decode(first.payload())).containsExactly("10.0.0.1:80", "zöne");
    assertThat(got.get(0).puts().get(1).zone()).isNull();
  }

  @Test
  void corruptReplicaBytesAreRefusedNotMisread() throws Exception {
    ReplicaAppend sent = ReplicaAppend.stream(0, 1, 1, List.of(new DatumDelta("d", 1, DatumDelta.Mode.CHANGE,
        List.of(new ReplicaEntry("r", "s:1", 1, "c", 1, 1, null, PayloadCodec.EMPTY)), List.of())));
    java.lang.reflect.Field bytes = ReplicaAppend.class.getDeclaredField("packedDeltas");
    bytes.setAccessible(true);
    byte[] packed = (byte[]) bytes.get(sent);
    ReplicaAppend truncated = copyOf(sent);
    bytes.set(truncated, Arrays.copyOf(packed, packed.length - 2));
    assertThatThrownBy(truncated::deltas).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void replicaDigestRoundTripsVersionsAndHashes() throws Exception {
    java.util.Map<String, long[]> datums = new java.util.LinkedHashMap<>();
    datums.put("d1", new long[] {7, -3});
    datums.put("d2", new long[] {1_700_000_000_000L, Long.MIN_VALUE});
    ReplicaDigest received = copyOf(new ReplicaDigest(io.roster.protocol.Status.OK, 9, datums));
    assertThat(received.leaderEpoch()).isEqualTo(9);
    assertThat(received.datums()).containsOnlyKeys("d1", "d2");
    assertThat(received.datums().get("d2")).containsExactly(1_700_000_000_000L, Long.MIN_VALUE);
  }

  /** A copy as a receiver sees it: the packed bytes only, nothing decoded yet. */
  @SuppressWarnings("unchecked")
  private static <T> T copyOf(T message) throws Exception {
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(buffer)) {
      out.writeObject(message);
    }
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(buffer.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
