package io.vmferry.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.stream.TestStreams;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The encoder's LZ4 back-off: few attempts on incompressible data, compression resumes when data compresses. */
class AdaptiveLz4Test {
    private static final int FRAME = 4096;
    private static final int FRAMES = 1000;
    private static final EncoderOptions LZ4 = EncoderOptions.DEFAULT.withCompression(Compression.LZ4)
            .withMaxDataFrameBytes(FRAME);

    @Test
    void incompressibleDataIsRarelyTriedAndRoundTrips() {
        Buffer data = TestStreams.random(new Random(1), FRAMES * FRAME);
        StreamEncoder encoder = new StreamEncoder(TestStreams.fullHeader(FRAMES * FRAME), LZ4);
        Buffer stream = encoder.start().appendBuffer(encoder.data(0, data)).appendBuffer(encoder.finish());

        // 4 failures, then probes after 1, 2, 4 ... 64 skipped frames, then every 65th frame: 24 attempts for 1000 frames
        assertEquals(24, encoder.lz4Attempts());
        assertEquals(data, joined(TestStreams.decode(stream)));
        assertEquals(encoder.trailer().sha256(), sha256Uncompressed(data));
    }

    @Test
    void compressibleDataIsAlwaysCompressed() {
        Buffer data = TestStreams.compressible(new Random(2), 200 * FRAME);
        StreamEncoder encoder = new StreamEncoder(TestStreams.fullHeader(200 * FRAME), LZ4);
        Buffer stream = encoder.start().appendBuffer(encoder.data(0, data)).appendBuffer(encoder.finish());

        assertEquals(200, encoder.lz4Attempts());
        List<StreamFrame> frames = TestStreams.decode(stream);
        assertEquals(200, frames.stream().filter(f -> f instanceof DataFrame d && d.compressed()).count());
        assertEquals(data, joined(frames));
    }

    @Test
    void aProbeThatCompressesResetsTheBackOff() {
        Random rnd = new Random(3);
        Buffer data = TestStreams.random(rnd, FRAMES * FRAME).appendBuffer(TestStreams.compressible(rnd, 200 * FRAME));
        StreamEncoder encoder = new StreamEncoder(TestStreams.fullHeader((FRAMES + 200) * FRAME), LZ4);
        Buffer stream = encoder.start().appendBuffer(encoder.data(0, data)).appendBuffer(encoder.finish());

        List<StreamFrame> frames = TestStreams.decode(stream);
        long compressed = frames.stream().filter(f -> f instanceof DataFrame d && d.compressed()).count();
        // at most one back-off period (64 frames) of compressible data goes out raw before a probe succeeds
        assertTrue(compressed >= 200 - 64, "compressed frames: " + compressed);
        assertTrue(frames.stream().limit(FRAMES + 1).noneMatch(f -> f instanceof DataFrame d && d.compressed()));
        assertEquals(data, joined(frames));
    }

    private static Buffer joined(List<StreamFrame> frames) {
        Buffer all = Buffer.buffer();
        frames.stream().filter(f -> f instanceof DataFrame).forEach(f -> all.appendBuffer(((DataFrame) f).data()));
        return all;
    }

    /** The digest of the same data encoded without compression: LZ4 must not change it. */
    private static String sha256Uncompressed(Buffer data) {
        StreamEncoder plain = new StreamEncoder(TestStreams.fullHeader(data.length()),
                EncoderOptions.DEFAULT.withMaxDataFrameBytes(FRAME));
        plain.start();
        plain.data(0, data);
        plain.finish();
        assertEquals(0, plain.lz4Attempts());
        return plain.trailer().sha256();
    }
}
