package io.vmferry.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vmferry.stream.TestStreams;
import io.vmferry.stream.impl.FrameHeader;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Random damage to valid streams: every mutation ends in a typed {@link StreamFormatException},
 * never in success, another exception, an OutOfMemoryError or a hang. Seeds are the repetition numbers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamFuzzTest {

    private static Buffer stream(Random rnd) {
        StreamHeader header = rnd.nextBoolean() ? TestStreams.fullHeader(4L << 20) : TestStreams.incrementalHeader(4L << 20);
        EncoderOptions options = EncoderOptions.DEFAULT.withMaxDataFrameBytes(1 + rnd.nextInt(16_384))
                .withCompression(rnd.nextBoolean() ? Compression.LZ4 : Compression.NONE);
        return TestStreams.encode(header, TestStreams.extents(rnd, header.virtualSize(), 30_000), options);
    }

    private static StreamFormatException rejected(Buffer damaged, Random rnd) {
        int[] splits = {1 + rnd.nextInt(100), 1 + rnd.nextInt(10_000)};
        return assertThrows(StreamFormatException.class, () -> TestStreams.decode(damaged, splits));
    }

    @RepeatedTest(150)
    void flippedByte(RepetitionInfo info) {
        Random rnd = new Random(info.getCurrentRepetition());
        Buffer s = stream(rnd);
        int at = rnd.nextInt(s.length());
        s.setByte(at, (byte) (s.getByte(at) ^ (1 << rnd.nextInt(8))));
        rejected(s, rnd);
    }

    @RepeatedTest(100)
    void truncated(RepetitionInfo info) {
        Random rnd = new Random(info.getCurrentRepetition());
        Buffer s = stream(rnd);
        assertEquals(StreamFormatError.TRUNCATED, rejected(s.slice(0, rnd.nextInt(s.length())), rnd).error());
    }

    @RepeatedTest(100)
    void reorderedOrDuplicatedFrames(RepetitionInfo info) {
        Random rnd = new Random(info.getCurrentRepetition());
        Buffer s = stream(rnd);
        List<Integer> starts = TestStreams.frameStarts(s);
        int frames = starts.size() - 1;
        int a = 1 + rnd.nextInt(frames - 1);
        int b = 1 + rnd.nextInt(frames - 1);
        Buffer frameA = s.slice(starts.get(a), starts.get(a + 1));
        Buffer frameB = s.slice(starts.get(b), starts.get(b + 1));
        Buffer out = s.slice(0, starts.get(Math.min(a, b))).copy();
        if (a == b) {
            out.appendBuffer(frameA).appendBuffer(frameA);
        } else {
            out.appendBuffer(a < b ? frameB : frameA).appendBuffer(s.slice(starts.get(Math.min(a, b) + 1),
                    starts.get(Math.max(a, b)))).appendBuffer(a < b ? frameA : frameB);
        }
        out.appendBuffer(s.slice(starts.get(Math.max(a, b) + 1), s.length()));
        StreamFormatError e = rejected(out, rnd).error();
        assertEquals(true, e == StreamFormatError.SEQUENCE_GAP || e == StreamFormatError.UNEXPECTED_FRAME, e.name());
    }

    @RepeatedTest(100)
    void absurdLengthFields(RepetitionInfo info) {
        Random rnd = new Random(info.getCurrentRepetition());
        Buffer s = stream(rnd);
        List<Integer> starts = TestStreams.frameStarts(s);
        int frame = starts.get(rnd.nextInt(starts.size() - 1));
        if (rnd.nextBoolean()) {
            s.setInt(frame + FrameHeader.PAYLOAD_LENGTH_OFFSET, Integer.MIN_VALUE | rnd.nextInt());
        } else {
            s.setLong(frame + FrameHeader.LENGTH_OFFSET, rnd.nextLong() | (1L << 40));
        }
        rejected(s, rnd);
    }

    @RepeatedTest(50)
    void randomGarbageAndInsertions(RepetitionInfo info) {
        Random rnd = new Random(info.getCurrentRepetition());
        rejected(TestStreams.random(rnd, rnd.nextInt(100_000)), rnd);
        Buffer s = stream(rnd);
        int at = rnd.nextInt(s.length());
        Buffer out = s.slice(0, at).copy().appendBuffer(TestStreams.random(rnd, 1 + rnd.nextInt(64)))
                .appendBuffer(s.slice(at, s.length()));
        rejected(out, rnd);
    }
}
