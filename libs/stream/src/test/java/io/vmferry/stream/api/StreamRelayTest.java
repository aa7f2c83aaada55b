package io.vmferry.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vmferry.stream.TestStreams;
import io.vmferry.stream.impl.FrameHeader;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A sink storing verified frames again ({@link StreamEncoder#relay}): the stream it writes is the one it received. */
class StreamRelayTest {
    private static final EncoderOptions LZ4 = EncoderOptions.DEFAULT.withCompression(Compression.LZ4)
            .withMaxDataFrameBytes(64 << 10);

    @Test
    void relayedFramesGiveBackTheReceivedStreamByteForByte() {
        Random rnd = new Random(11);
        StreamHeader header = TestStreams.fullHeader(8L << 20);
        List<StreamExtent> extents = List.of(StreamExtent.data(0, TestStreams.compressible(rnd, 200_000)),
                StreamExtent.zero(1 << 20, 65536), StreamExtent.data(2 << 20, TestStreams.random(rnd, 300_000)),
                StreamExtent.hole(4 << 20, 1 << 20));
        Buffer received = TestStreams.encode(header, extents, LZ4);

        assertEquals(received, relayAll(TestStreams.decode(received), LZ4));
    }

    @Test
    void aVerifiedFrameKeepsTheCrcItTravelledWith() {
        Buffer payload = TestStreams.random(new Random(3), 4096);
        int carried = 0x1234abcd; // not this frame's CRC: shows the relay takes it without a pass over the payload
        DataFrame frame = new DataFrame(1, 0, payload, false, payload, carried);
        StreamEncoder encoder = new StreamEncoder(TestStreams.fullHeader(1 << 20), LZ4);
        encoder.start();

        assertEquals(carried, encoder.relay(frame).getInt(FrameHeader.CRC_OFFSET));
        StreamFormatException e = assertThrows(StreamFormatException.class, () -> TestStreams.decode(relay(frame)));
        assertEquals(StreamFormatError.CRC_MISMATCH, e.error());
    }

    @Test
    void aFrameStoredUnderAnotherSequenceOrPayloadGetsItsOwnCrc() {
        Buffer payload = TestStreams.compressible(new Random(5), 40_000);
        Buffer sent = TestStreams.encode(TestStreams.fullHeader(1 << 20), List.of(StreamExtent.data(0, payload)), LZ4);
        DataFrame lz4 = (DataFrame) TestStreams.decode(sent).get(1);
        // stored uncompressed: another payload, another CRC
        Buffer plain = relay(lz4, EncoderOptions.DEFAULT);
        assertEquals(payload, ((DataFrame) TestStreams.decode(plain).get(1)).data());
        // relayed as the second content frame: another sequence, another CRC
        DataFrame later = new DataFrame(7, lz4.offset(), lz4.data(), true, lz4.stored(), lz4.crc());
        assertEquals(payload, ((DataFrame) TestStreams.decode(relay(later, LZ4)).get(1)).data());
    }

    private static Buffer relay(DataFrame frame) {
        return relay(frame, LZ4);
    }

    /** One frame relayed into a stream of its own, trailer included. */
    private static Buffer relay(DataFrame frame, EncoderOptions options) {
        StreamHeader header = TestStreams.fullHeader(1 << 20);
        StreamEncoder encoder = new StreamEncoder(header, options);
        Buffer out = encoder.start().appendBuffer(encoder.relay(frame));
        StreamEncoder digest = new StreamEncoder(header, options);
        digest.start();
        digest.data(frame.offset(), frame.data());
        digest.finish();
        return out.appendBuffer(encoder.finish(digest.trailer().sha256()));
    }

    private static Buffer relayAll(List<StreamFrame> frames, EncoderOptions options) {
        StreamEncoder encoder = new StreamEncoder((StreamHeader) frames.get(0), options);
        Buffer out = encoder.start();
        for (StreamFrame f : frames.subList(1, frames.size())) {
            switch (f) {
                case DataFrame d -> out.appendBuffer(encoder.relay(d));
                case ContentFrame c -> out.appendBuffer(encoder.append(new StreamExtent(c.type(), c.offset(),
                        c.length(), null)));
                case StreamTrailer t -> out.appendBuffer(encoder.finish(t.sha256()));
                default -> throw new AssertionError(f);
            }
        }
        return out;
    }
}
