package io.vmferry.stream.api;

import static io.vmferry.stream.TestStreams.decodeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.stream.TestStreams;
import io.vmferry.stream.impl.FrameHeader;
import io.vmferry.stream.impl.Preamble;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of the format, broken once, gives its typed error. */
class StreamDecoderRejectTest {
    private static final StreamHeader HEADER = TestStreams.fullHeader(1 << 20);

    private static Buffer valid() {
        return new RawStream(HEADER).data(0, Buffer.buffer("abcd")).zero(4096, 4096).finish();
    }

    @Test
    void acceptsTheValidBaseline() {
        assertEquals(4, TestStreams.decode(valid()).size());
    }

    @Test
    void badMagicAndVersion() {
        assertEquals(StreamFormatError.BAD_MAGIC, decodeError(valid().setByte(0, (byte) 'X')).error());
        assertEquals(StreamFormatError.BAD_VERSION, decodeError(valid().setShort(8, (short) 2)).error());
        assertEquals(StreamFormatError.BAD_MAGIC, decodeError(Buffer.buffer("GET / HTTP/1.1\r\n\r\n")).error());
    }

    @Test
    void crcMismatchReportsStoredAndComputed() {
        Buffer stream = valid();
        int dataPayload = TestStreams.frameStarts(stream).get(1) + FrameHeader.SIZE;
        StreamFormatException e = decodeError(stream.setByte(dataPayload, (byte) 'X'));
        assertEquals(StreamFormatError.CRC_MISMATCH, e.error());
        assertTrue(e.getMessage().matches(".*seq=1 .*stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}"), e.getMessage());
        assertEquals(0, e.getStackTrace().length, "expected errors carry no stack trace");
    }

    @Test
    void overlappingAndBackwardsRanges() {
        Buffer overlap = new RawStream(HEADER).data(0, Buffer.buffer("abcd")).zero(2, 10).finish();
        assertEquals(StreamFormatError.OUT_OF_ORDER, decodeError(overlap).error());
        Buffer backwards = new RawStream(HEADER).zero(8192, 10).zero(4096, 10).finish();
        assertEquals(StreamFormatError.OUT_OF_ORDER, decodeError(backwards).error());
    }

    @Test
    void rangesBeyondTheVirtualSize() {
        assertEquals(StreamFormatError.BEYOND_VIRTUAL_SIZE,
                decodeError(new RawStream(HEADER).zero((1 << 20) - 1, 2).finish()).error());
        assertEquals(StreamFormatError.BEYOND_VIRTUAL_SIZE,
                decodeError(new RawStream(HEADER).zero(Long.MAX_VALUE, Long.MAX_VALUE).finish()).error());
        assertEquals(StreamFormatError.BEYOND_VIRTUAL_SIZE,
                decodeError(new RawStream(HEADER).zero(-4096, 10).finish()).error());
    }

    @Test
    void sequenceGapsAndMisplacedFrames() {
        RawStream gap = new RawStream(HEADER).zero(0, 1);
        assertEquals(StreamFormatError.SEQUENCE_GAP,
                decodeError(gap.frame(FrameType.ZERO, 3, 10, 1, null).finish()).error());
        RawStream second = new RawStream(HEADER);
        Buffer header = TestStreams.encode(HEADER, List.of(), EncoderOptions.DEFAULT);
        int start = Preamble.SIZE;
        second.bytes().appendBuffer(header.slice(start, TestStreams.frameStarts(header).get(1)));
        assertEquals(StreamFormatError.UNEXPECTED_FRAME, decodeError(second.finish()).error());
        Buffer noHeader = Preamble.encode().appendBuffer(FrameHeader.encode(FrameType.ZERO, 0, 0, 0, 1, null, 0, 0));
        assertEquals(StreamFormatError.UNEXPECTED_FRAME, decodeError(noHeader).error());
    }

    @Test
    void absurdLengthsFailBeforeAllocating() {
        Buffer data = Preamble.encode().appendBuffer(
                FrameHeader.encode(FrameType.DATA, 0, 0, 0, 1L << 40, Buffer.buffer("x"), 0, 1));
        assertEquals(StreamFormatError.BAD_LENGTH, decodeError(data).error());
        Buffer hugePayload = valid();
        int frame = TestStreams.frameStarts(hugePayload).get(0);
        hugePayload.setInt(frame + FrameHeader.PAYLOAD_LENGTH_OFFSET, 0xFFFFFFF0);
        assertEquals(StreamFormatError.BAD_LENGTH, decodeError(hugePayload).error());
        Buffer zeroWithPayload = new RawStream(HEADER).frame(FrameType.ZERO, 1, 0, 4, Buffer.buffer("abcd")).finish();
        assertEquals(StreamFormatError.BAD_LENGTH, decodeError(zeroWithPayload).error());
        StreamLimits tight = new StreamLimits(2);
        StreamDecoder decoder = new StreamDecoder(tight, f -> { });
        assertEquals(StreamFormatError.BAD_LENGTH, assertThrows(StreamFormatException.class,
                () -> decoder.feed(valid())).error());
    }

    @Test
    void corruptLz4Payload() {
        Buffer stream = new RawStream(HEADER).bytes();
        stream.appendBuffer(FrameHeader.encode(FrameType.DATA, FrameHeader.FLAG_LZ4, 1, 0, 100,
                Buffer.buffer(new byte[] {(byte) 0xF0, 1, 2, 3}), 0, 4));
        assertEquals(StreamFormatError.BAD_COMPRESSION, decodeError(stream).error());
    }

    @Test
    void unknownTypeAndFlags() {
        Buffer stream = valid();
        int data = TestStreams.frameStarts(stream).get(1);
        assertEquals(StreamFormatError.BAD_FRAME_TYPE, decodeError(stream.copy().setByte(data, (byte) 0x42)).error());
        Buffer flagged = new RawStream(HEADER).bytes()
                .appendBuffer(FrameHeader.encode(FrameType.ZERO, FrameHeader.FLAG_LZ4, 1, 0, 1, null, 0, 0));
        assertEquals(StreamFormatError.BAD_FLAGS, decodeError(flagged).error());
    }

    @Test
    void trailerCountsAndDigestAreChecked() {
        RawStream counts = new RawStream(HEADER).data(0, Buffer.buffer("abcd"));
        assertEquals(StreamFormatError.TRAILER_MISMATCH, decodeError(counts.finish(
                new StreamCounts(1, 5, 4, 0, 0, 0, 0), "00".repeat(32))).error());
        RawStream digest = new RawStream(HEADER).data(0, Buffer.buffer("abcd"));
        assertEquals(StreamFormatError.DIGEST_MISMATCH, decodeError(digest.finish(
                new StreamCounts(1, 4, 4, 0, 0, 0, 0), "00".repeat(32))).error());
    }

    /**
     * A decoder that carries the digest (a storing sink) hands the trailer on as it came, unhashed, but still refuses
     * every frame-level fault: CRC, counts, order.
     */
    @Test
    void aCarryingDecoderPassesTheTrailersDigestOnAndStillChecksEverythingElse() {
        Buffer lying = new RawStream(HEADER).data(0, Buffer.buffer("abcd")).finish(
                new StreamCounts(1, 4, 4, 0, 0, 0, 0), "00".repeat(32));
        List<StreamFrame> frames = new java.util.ArrayList<>();
        StreamDecoder carrying = new StreamDecoder(StreamLimits.DEFAULT, DigestCheck.CARRY, frames::add);
        carrying.feed(lying);
        carrying.end();
        assertEquals("00".repeat(32), ((StreamTrailer) frames.get(frames.size() - 1)).sha256());
        assertEquals(StreamFormatError.DIGEST_MISMATCH, decodeError(lying).error(), "the default verifies");

        Buffer flipped = valid();
        flipped.setByte(TestStreams.frameStarts(flipped).get(1) + FrameHeader.SIZE, (byte) 'X');
        assertEquals(StreamFormatError.CRC_MISMATCH, carryError(flipped));
        assertEquals(StreamFormatError.TRAILER_MISMATCH, carryError(new RawStream(HEADER).data(0, Buffer.buffer("abcd"))
                .finish(new StreamCounts(1, 5, 4, 0, 0, 0, 0), "00".repeat(32))));
        assertEquals(StreamFormatError.OUT_OF_ORDER, carryError(new RawStream(HEADER).zero(8192, 4096)
                .zero(4096, 4096).finish()));
    }

    private static StreamFormatError carryError(Buffer stream) {
        StreamDecoder d = new StreamDecoder(StreamLimits.DEFAULT, DigestCheck.CARRY, f -> { });
        return assertThrows(StreamFormatException.class, () -> {
            d.feed(stream);
            d.end();
        }).error();
    }

    @Test
    void endOfInputAndStopMarker() {
        Buffer stream = valid();
        StreamFormatException truncated = decodeError(stream.slice(0, stream.length() - Preamble.STOP_SIZE));
        assertEquals(StreamFormatError.TRUNCATED, truncated.error());
        assertTrue(truncated.getMessage().contains("trailer missing"), truncated.getMessage());
        assertEquals(StreamFormatError.TRUNCATED, decodeError(Buffer.buffer()).error());
        Buffer badStop = valid();
        badStop.setByte(badStop.length() - 1, (byte) 0);
        assertEquals(StreamFormatError.BAD_STOP_MARKER, decodeError(badStop).error());
        assertEquals(StreamFormatError.TRAILING_BYTES, decodeError(valid().appendString("x")).error());
    }

    @Test
    void staysFailedAfterTheFirstError() {
        StreamDecoder decoder = new StreamDecoder(f -> { });
        StreamFormatException first = assertThrows(StreamFormatException.class,
                () -> decoder.feed(Buffer.buffer("not a stream at all")));
        assertSame(first, assertThrows(StreamFormatException.class, () -> decoder.feed(valid())));
        assertSame(first, assertThrows(StreamFormatException.class, decoder::end));
    }
}
