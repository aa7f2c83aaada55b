package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.Extent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Raw source disks with random data, explicit zero runs and holes, and comparisons against readers. */
final class TestDisks {
    static final int MIB = 1 << 20;

    private TestDisks() {
    }

    /** Writes {@code len} seeded random bytes at {@code offset} of {@code raw}. */
    static void random(FileChannel raw, long offset, int len, long seed) throws IOException {
        byte[] b = new byte[len];
        new Random(seed).nextBytes(b);
        writeFully(raw, offset, ByteBuffer.wrap(b));
    }

    static void zeros(FileChannel raw, long offset, int len) throws IOException {
        writeFully(raw, offset, ByteBuffer.allocate(len));
    }

    private static void writeFully(FileChannel ch, long pos, ByteBuffer b) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }

    /**
     * A {@code size}-byte raw disk: random data at the start, an explicit zero run, unaligned random
     * data, a hole, compressible text, and random bytes right up to the end.
     */
    static Path standard(Path dir, String name, long size) throws IOException {
        Path raw = dir.resolve(name);
        try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            random(ch, 0, MIB + 777, 1);
            zeros(ch, 2L * MIB, 2 * MIB);
            random(ch, 4L * MIB + 4097, 300_000, 2);
            byte[] text = "vmferry compressible text block\n".repeat(4096).getBytes();
            writeFully(ch, 9L * MIB, ByteBuffer.wrap(text));
            random(ch, 40L * MIB - 65536 * 3 - 512, 65536, 3);
            int tail = (int) Math.min(size, 70_000);
            random(ch, size - tail, tail, 4);
            ch.truncate(size);
        }
        return raw;
    }

    /** Reads all of {@code reader} and compares it with {@code raw} (the part beyond raw must be zero). */
    static void assertSameContent(Path raw, BlockReader reader) throws IOException {
        try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.READ)) {
            long rawSize = ch.size();
            assertTrue(reader.size() >= rawSize && reader.size() - rawSize < 512, "size " + reader.size() + " vs raw " + rawSize);
            int chunk = 3 * MIB + 512 * 7;
            ByteBuffer expected = ByteBuffer.allocate(chunk);
            ByteBuffer actual = ByteBuffer.allocate(chunk);
            for (long pos = 0; pos < reader.size(); pos += chunk) {
                int n = (int) Math.min(chunk, reader.size() - pos);
                expected.clear().limit(n);
                while (expected.hasRemaining() && ch.read(expected, pos + expected.position()) > 0) {
                    // reads until EOF of raw; the rest stays zero
                }
                java.util.Arrays.fill(expected.array(), expected.position(), n, (byte) 0);
                actual.clear().limit(n);
                reader.read(pos, actual);
                assertArrayEquals(java.util.Arrays.copyOf(expected.array(), n), java.util.Arrays.copyOf(actual.array(), n),
                        "content differs in chunk at " + pos);
            }
        }
    }

    /** The extent list covers the disk contiguously and every non-DATA extent reads as zeros. */
    static void assertExtentsConsistent(BlockReader reader) throws IOException {
        List<Extent> extents = reader.extents(0, reader.size());
        long pos = 0;
        for (Extent e : extents) {
            assertEquals(pos, e.offset(), "extents contiguous");
            pos = e.end();
            if (e.type().readsAsZero()) {
                for (long p = e.offset(); p < e.end(); p += 4 * MIB) {
                    ByteBuffer b = ByteBuffer.allocate((int) Math.min(4 * MIB, e.end() - p));
                    reader.read(p, b);
                    for (byte x : b.array()) {
                        if (x != 0) {
                            throw new AssertionError(e + " reads non-zero data near " + p);
                        }
                    }
                }
            }
        }
        assertEquals(reader.size(), pos, "extents cover the disk");
    }
}
