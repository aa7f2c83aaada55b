package io.vmferry.nbd.impl.codec;

import io.vmferry.nbd.api.NbdProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeDecoderTest {

    private static final int GO = NbdWire.OPT_GO;

    @Test
    void fullHandshakeThenTransmissionInAnySplit() {
        byte[] bytes = Wire.of()
                .greeting(NbdWire.FLAG_FIXED_NEWSTYLE | NbdWire.FLAG_NO_ZEROES)
                .ack(NbdWire.OPT_STRUCTURED_REPLY)
                .metaContext(NbdWire.OPT_SET_META_CONTEXT, 1, "base:allocation")
                .metaContext(NbdWire.OPT_SET_META_CONTEXT, 2, "qemu:dirty-bitmap:b0")
                .ack(NbdWire.OPT_SET_META_CONTEXT)
                .optionReply(GO, NbdWire.REP_INFO, new byte[] {0, NbdWire.INFO_NAME, 'x'})
                .infoExport(6L << 30, 0x10b)
                .infoBlockSize(1, 4096, 32 << 20)
                .ack(GO)
                .error(NbdWire.REPLY_FLAG_DONE, 7, 5, "boom")
                .bytes();
        List<Object> expected = List.of(
                new ServerGreeting(3),
                new OptionReply.Ack(NbdWire.OPT_STRUCTURED_REPLY),
                new OptionReply.MetaContext(NbdWire.OPT_SET_META_CONTEXT, 1, "base:allocation"),
                new OptionReply.MetaContext(NbdWire.OPT_SET_META_CONTEXT, 2, "qemu:dirty-bitmap:b0"),
                new OptionReply.Ack(NbdWire.OPT_SET_META_CONTEXT),
                new OptionReply.InfoOther(GO, NbdWire.INFO_NAME),
                new OptionReply.InfoExport(GO, 6L << 30, 0x10b),
                new OptionReply.InfoBlockSize(GO, 1, 4096, 32 << 20),
                new OptionReply.Ack(GO),
                new ReplyEvent.Error(7, NbdWire.REPLY_TYPE_ERROR, 5, "boom", -1),
                new ReplyEvent.End(7));
        for (int[] plan : DecoderHarness.splits(bytes.length)) {
            assertEquals(expected, DecoderHarness.decode(NbdDecoder::new, bytes, plan));
        }
    }

    @Test
    void errorReplyCarriesMessage() {
        byte[] bytes = Wire.of().greeting(1)
                .optionReply(GO, NbdWire.REP_ERROR_BIT | 6, "no such export".getBytes(StandardCharsets.UTF_8)).bytes();
        assertEquals(List.of(new ServerGreeting(1), new OptionReply.Error(GO, NbdWire.REP_ERROR_BIT | 6, "no such export")),
                DecoderHarness.decode(NbdDecoder::new, bytes, new int[] {bytes.length}));
    }

    @Test
    void badGreetingMagicIsFatal() {
        byte[] bytes = Wire.of().raw("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).bytes();
        assertFatal(bytes, "bad greeting magic");
    }

    @Test
    void oldstyleNegotiationIsRefused() {
        byte[] bytes = Wire.of().raw(new byte[] {'N', 'B', 'D', 'M', 'A', 'G', 'I', 'C', 0, 0, 0x42, 0x02, (byte) 0x81, (byte) 0x86, 0x12, 0x53, 0, 0}).bytes();
        assertFatal(bytes, "oldstyle");
    }

    @Test
    void oversizedOptionReplyFailsOnTheHeaderAlone() {
        byte[] header = Wire.of().greeting(1).bytes();
        byte[] bytes = Wire.of().raw(header).raw(longBytes(NbdWire.OPTION_REPLY_MAGIC)).rawInt(GO).rawInt(NbdWire.REP_INFO)
                .rawInt(0xFFFF_FFF0).bytes();
        assertFatal(bytes, "exceeds");
    }

    @Test
    void malformedRepliesAreFatal() {
        assertFatal(Wire.of().greeting(1).optionReply(GO, NbdWire.REP_ACK, new byte[] {1}).bytes(), "ACK with payload");
        assertFatal(Wire.of().greeting(1).optionReply(GO, NbdWire.REP_INFO, new byte[] {0, 0, 1, 2, 3}).bytes(), "NBD_INFO_EXPORT");
        assertFatal(Wire.of().greeting(1).optionReply(GO, NbdWire.REP_INFO, new byte[] {0, 3, 0}).bytes(), "NBD_INFO_BLOCK_SIZE");
        assertFatal(Wire.of().greeting(1).optionReply(GO, NbdWire.REP_META_CONTEXT, new byte[] {0, 0, 0, 1}).bytes(), "without a name");
        assertFatal(Wire.of().greeting(1).optionReply(GO, NbdWire.REP_META_CONTEXT,
                new byte[] {0, 0, 0, 1, 'a', (byte) 0xC3, 0x28}).bytes(), "UTF-8");
        assertFatal(Wire.of().greeting(1).optionReply(NbdWire.OPT_LIST, NbdWire.REP_SERVER,
                new byte[] {0, 0, 0, 9, 'a'}).bytes(), "name longer");
        assertFatal(Wire.of().greeting(1).infoExport(-1, 1).bytes(), "exceeds 2^63");
        assertFatal(Wire.of().greeting(1).raw(new byte[20]).bytes(), "bad option reply magic");
    }

    @Test
    void truncatedInputWaitsWithoutError() {
        byte[] bytes = Wire.of().greeting(1).infoExport(1 << 20, 1).bytes();
        for (int cut = 0; cut < bytes.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(bytes, cut);
            List<Object> out = DecoderHarness.decode(NbdDecoder::new, part, new int[] {cut});
            assertTrue(out.size() <= 1, "cut " + cut);
        }
    }

    private static void assertFatal(byte[] bytes, String message) {
        for (int[] plan : DecoderHarness.splits(bytes.length)) {
            NbdProtocolException e = assertThrows(NbdProtocolException.class,
                    () -> DecoderHarness.decode(NbdDecoder::new, bytes, plan));
            assertTrue(e.fatal());
            assertTrue(e.getMessage().contains(message), e.getMessage());
        }
    }

    static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }
}
