package io.vmferry.nbd.impl.codec;

import io.vmferry.nbd.api.NbdProtocolException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ReplyDecoderTest {

    private static final int DONE = NbdWire.REPLY_FLAG_DONE;
    private static final Supplier<NbdDecoder> TRANSMISSION = NbdDecoder::forTransmission;

    @Test
    void structuredReadReplyStreamsDataAndHoles() {
        byte[] data = new byte[20_000];
        new Random(1).nextBytes(data);
        byte[] bytes = Wire.of()
                .data(0, 1, 4096, data)
                .hole(0, 1, 0, 4096)
                .chunk(DONE, NbdWire.REPLY_TYPE_NONE, 1, new byte[0])
                .hole(DONE, 2, 1 << 20, 512)
                .bytes();
        List<Object> expected = List.of(
                new ReplyEvent.Data(1, 4096, data.length),
                new DecoderHarness.Piece(1, 0, data),
                new ReplyEvent.Hole(1, 0, 4096),
                new ReplyEvent.End(1),
                new ReplyEvent.Hole(2, 1 << 20, 512),
                new ReplyEvent.End(2));
        for (int[] plan : DecoderHarness.splits(bytes.length)) {
            assertEquals(expected, DecoderHarness.decode(TRANSMISSION, bytes, plan));
        }
    }

    @Test
    void blockStatusDescriptorsAreStreamedInOrder() {
        int[] pairs = new int[2 * 9_000];
        for (int i = 0; i < pairs.length; i += 2) {
            pairs[i] = 65536;
            pairs[i + 1] = i % 4 == 0 ? 3 : 0;
        }
        byte[] bytes = Wire.of().status(0, 9, 1, pairs).status(DONE, 9, 2, -1, 1).bytes();
        for (int[] plan : DecoderHarness.splits(bytes.length)) {
            List<Object> out = DecoderHarness.decode(TRANSMISSION, bytes, plan);
            assertEquals(new ReplyEvent.Status(9, 1, 9_000), out.get(0));
            DecoderHarness.Extents first = (DecoderHarness.Extents) out.get(1);
            assertEquals(18_000, first.pairs().size());
            assertEquals(3L, first.pairs().get(1));
            assertEquals(new ReplyEvent.Status(9, 2, 1), out.get(2));
            assertEquals(List.of(0xFFFF_FFFFL, 1L), ((DecoderHarness.Extents) out.get(3)).pairs());
            assertEquals(new ReplyEvent.End(9), out.get(4));
        }
    }

    @Test
    void simpleReplyUsesTheRequestLengthForItsPayload() {
        byte[] data = new byte[5000];
        new Random(2).nextBytes(data);
        byte[] bytes = Wire.of().simple(0, 3).raw(data).simple(22, 4).simple(0, 5).bytes();
        Supplier<NbdDecoder> decoder = () -> {
            NbdDecoder d = NbdDecoder.forTransmission();
            d.simplePayload(cookie -> cookie == 3 ? data.length : cookie == 5 ? 0 : -1);
            return d;
        };
        List<Object> expected = List.of(new ReplyEvent.Simple(3, 0), new DecoderHarness.Piece(3, 0, data),
                new ReplyEvent.End(3), new ReplyEvent.Simple(4, 22), new ReplyEvent.End(4),
                new ReplyEvent.Simple(5, 0), new ReplyEvent.End(5));
        for (int[] plan : DecoderHarness.splits(bytes.length)) {
            assertEquals(expected, DecoderHarness.decode(decoder, bytes, plan));
        }
    }

    @Test
    void errorChunksWithAndWithoutOffset() {
        byte[] offsetError = Wire.of().chunk(DONE, NbdWire.REPLY_TYPE_ERROR_OFFSET, 4,
                new byte[] {0, 0, 0, 5, 0, 2, 'h', 'i', 0, 0, 0, 0, 0, 0, 0x10, 0}).bytes();
        assertEquals(List.of(new ReplyEvent.Error(4, NbdWire.REPLY_TYPE_ERROR_OFFSET, 5, "hi", 4096), new ReplyEvent.End(4)),
                DecoderHarness.decode(TRANSMISSION, offsetError, new int[] {offsetError.length}));
        byte[] unknownError = Wire.of().chunk(0, 0x8077, 4, new byte[] {0, 0, 0, 1, 0, 0, 9, 9}).bytes();
        assertEquals(List.of(new ReplyEvent.Error(4, 0x8077, 1, "", -1)),
                DecoderHarness.decode(TRANSMISSION, unknownError, new int[] {unknownError.length}));
    }

    @Test
    void malformedChunksAreFatal() {
        assertFatal(Wire.of().rawInt(0x12345678).bytes(), "bad reply magic");
        assertFatal(Wire.of().chunk(DONE, NbdWire.REPLY_TYPE_OFFSET_DATA, 1, new byte[8]).bytes(), "OFFSET_DATA");
        assertFatal(Wire.of().chunk(DONE, NbdWire.REPLY_TYPE_OFFSET_HOLE, 1, new byte[11]).bytes(), "OFFSET_HOLE");
        assertFatal(Wire.of().chunk(DONE, NbdWire.REPLY_TYPE_BLOCK_STATUS, 1, new byte[4]).bytes(), "BLOCK_STATUS");
        assertFatal(Wire.of().chunk(DONE, NbdWire.REPLY_TYPE_BLOCK_STATUS, 1, new byte[13]).bytes(), "BLOCK_STATUS");
        assertFatal(Wire.of().chunk(0, NbdWire.REPLY_TYPE_NONE, 1, new byte[0]).bytes(), "DONE");
        assertFatal(Wire.of().chunk(DONE, NbdWire.REPLY_TYPE_NONE, 1, new byte[1]).bytes(), "length 0");
        assertFatal(Wire.of().chunk(DONE, 3, 1, new byte[0]).bytes(), "unknown structured reply");
        assertFatal(Wire.of().chunk(DONE, NbdWire.REPLY_TYPE_ERROR, 1, new byte[] {0, 0, 0, 5, 0, 9, 'x'}).bytes(),
                "message longer");
        assertFatal(Wire.of().chunk(DONE, NbdWire.REPLY_TYPE_ERROR, 1, new byte[5]).bytes(), "bad error");
        assertFatal(Wire.of().simple(0, 77).bytes(), "unexpected simple reply");
    }

    @Test
    void hugeLengthsFailOnTheHeaderWithoutAllocating() {
        for (int type : new int[] {NbdWire.REPLY_TYPE_OFFSET_DATA, NbdWire.REPLY_TYPE_BLOCK_STATUS, NbdWire.REPLY_TYPE_ERROR}) {
            byte[] header = Wire.of().rawInt(NbdWire.STRUCTURED_REPLY_MAGIC).rawInt(DONE << 16 | type)
                    .raw(HandshakeDecoderTest.longBytes(1)).rawInt(0xFFFF_FFFC).bytes();
            assertFatal(header, "chunk type " + type);
        }
    }

    @Test
    void randomGarbageOnlyEverFailsWithProtocolErrors() {
        Random random = new Random(7);
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = new byte[4 + random.nextInt(200)];
            random.nextBytes(bytes);
            if (random.nextBoolean()) {
                bytes[0] = 0x66;
                bytes[1] = (byte) 0x8e;
                bytes[2] = 0x33;
                bytes[3] = (byte) 0xef;
            }
            try {
                DecoderHarness.decode(TRANSMISSION, bytes, new int[] {bytes.length});
                DecoderHarness.decode(NbdDecoder::new, bytes, new int[] {bytes.length});
            } catch (NbdProtocolException e) {
                assertTrue(e.fatal());
            } catch (RuntimeException e) {
                fail("unexpected " + e, e);
            }
        }
    }

    private static void assertFatal(byte[] bytes, String message) {
        for (int[] plan : DecoderHarness.splits(bytes.length)) {
            NbdProtocolException e = assertThrows(NbdProtocolException.class,
                    () -> DecoderHarness.decode(TRANSMISSION, bytes, plan));
            assertTrue(e.fatal());
            assertTrue(e.getMessage().contains(message), e.getMessage());
        }
    }
}
