package io.vmferry.bridge.repo;

import io.vertx.core.buffer.Buffer;
import io.vmferry.stream.api.StreamExtent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random extent lists like a reader produces: a full covers the disk with data, zero and hole
 * ranges; an incremental or differential lists scattered changed ranges at unaligned offsets, which
 * overlap the full's and each other's. Half of the data is compressible, so LZ4 frames occur.
 */
final class RandomExtents {
    private final Random random;

    RandomExtents(long seed) {
        this.random = new Random(seed);
    }

    /** A full backup's extents covering {@code [0, size)}. */
    List<StreamExtent> full(long size) {
        List<StreamExtent> out = new ArrayList<>();
        for (long pos = 0; pos < size; ) {
            long len = Math.min(size - pos, 512L * (1 + random.nextInt(256)));
            int kind = random.nextInt(100);
            out.add(kind < 60 ? StreamExtent.data(pos, data((int) len)) : kind < 75 ? StreamExtent.zero(pos, len)
                    : StreamExtent.hole(pos, len));
            pos += len;
        }
        return out;
    }

    /** An incremental's or differential's extents: about {@code count} changed ranges. */
    List<StreamExtent> changes(long size, int count) {
        List<StreamExtent> out = new ArrayList<>();
        long mean = size / (count + 1);
        for (long pos = random.nextInt(4096); pos < size; ) {
            long len = Math.min(size - pos, 1 + random.nextInt(200_000));
            int kind = random.nextInt(100);
            out.add(kind < 70 ? StreamExtent.data(pos, data((int) len)) : kind < 95 ? StreamExtent.zero(pos, len)
                    : StreamExtent.hole(pos, len));
            pos += len + random.nextLong(Math.max(1, 2 * mean - len));
        }
        return out;
    }

    /** {@code n} bytes, random or a repeated pattern (compressible). */
    Buffer data(int n) {
        byte[] b = new byte[n];
        if (random.nextBoolean()) {
            random.nextBytes(b);
        } else {
            byte v = (byte) (1 + random.nextInt(255));
            for (int i = 0; i < n; i++) {
                b[i] = (byte) (v + i % 7);
            }
        }
        return Buffer.buffer(b);
    }
}
