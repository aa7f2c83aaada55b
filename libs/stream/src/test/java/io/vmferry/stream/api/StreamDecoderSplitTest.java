package io.vmferry.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vmferry.stream.TestStreams;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same stream, fed in many different chunk splits, always decodes to the same frames. */
class StreamDecoderSplitTest {
    private static Buffer stream;
    private static List<StreamFrame> expected;

    @BeforeAll
    static void encode() {
        Random rnd = new Random(1);
        StreamHeader header = TestStreams.incrementalHeader(8L << 20);
        stream = TestStreams.encode(header, TestStreams.extents(rnd, header.virtualSize(), 20_000),
                EncoderOptions.DEFAULT.withCompression(Compression.LZ4).withMaxDataFrameBytes(8192));
        expected = TestStreams.decode(stream);
    }

    @Test
    void everySingleSplitPoint() {
        Buffer small = TestStreams.encode(TestStreams.fullHeader(1 << 20), TestStreams.extents(new Random(2), 1 << 20, 300),
                EncoderOptions.DEFAULT.withCompression(Compression.LZ4));
        List<StreamFrame> whole = TestStreams.decode(small);
        for (int split = 0; split <= small.length(); split++) {
            assertEquals(whole, TestStreams.decode(small, split), "split at " + split);
        }
    }

    @Test
    void oneByteAtATime() {
        int[] ones = new int[stream.length()];
        java.util.Arrays.fill(ones, 1);
        assertEquals(expected, TestStreams.decode(stream, ones));
    }

    @Test
    void fixedChunkSizes() {
        for (int size : new int[] {2, 3, 7, 35, 36, 37, 4096, 65536, 1 << 20}) {
            assertEquals(expected, TestStreams.decode(stream, chunks(stream.length(), size)), "chunk size " + size);
        }
    }

    @Test
    void randomSplits() {
        Random rnd = new Random(3);
        for (int round = 0; round < 50; round++) {
            List<Integer> sizes = new ArrayList<>();
            for (int total = 0; total < stream.length(); ) {
                int n = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextBoolean() ? 64 : 50_000);
                sizes.add(n);
                total += n;
            }
            assertEquals(expected, TestStreams.decode(stream, sizes.stream().mapToInt(Integer::intValue).toArray()));
        }
    }

    private static int[] chunks(int length, int size) {
        int[] out = new int[(length + size - 1) / size];
        java.util.Arrays.fill(out, size);
        return out;
    }
}
