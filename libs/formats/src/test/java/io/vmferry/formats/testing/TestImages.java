package io.vmferry.formats.testing;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.Extent;
import io.vmferry.formats.api.ExtentType;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Source images and comparisons shared by the format tests. */
public final class TestImages {
    public static final long MIB = 1 << 20;
    /** Odd size for qemu-made images: a multiple of 512 (qemu rounds up) but not of any cluster or block. */
    public static final long ODD_SIZE = 9 * MIB + 12_800;
    /** Truly odd size, for the writers and the raw reader. */
    public static final long ODDER_SIZE = 9 * MIB + 12_345;

    private TestImages() {
    }

    /**
     * A raw file of {@code size} bytes: random data, explicit zero runs, holes, unaligned data and
     * a random tail. Deterministic for a seed.
     */
    public static Path patternedRaw(Path path, long size, long seed) throws IOException {
        Random rnd = new Random(seed);
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            f.setLength(size);
            writeRandom(f, rnd, 0, MIB);                              // data
            f.seek(MIB);
            f.write(new byte[(int) Math.max(0, Math.min(MIB / 2, size - MIB))]); // explicit zeros
            writeRandom(f, rnd, 3 * MIB + 4097, 70_000);              // unaligned data after a hole
            writeRandom(f, rnd, 5 * MIB, 3 * MIB / 2 + 512);          // spans block boundaries
            writeRandom(f, rnd, size - 5_000, 5_000);                 // odd tail
        }
        return path;
    }

    private static void writeRandom(RandomAccessFile f, Random rnd, long at, long len) throws IOException {
        if (at < 0 || at >= f.length()) {
            return;
        }
        byte[] b = new byte[(int) Math.min(len, f.length() - at)];
        rnd.nextBytes(b);
        f.seek(at);
        f.write(b);
    }

    /** Reads the whole disk through {@code reader} in odd-sized chunks. */
    public static byte[] readAll(BlockReader reader) throws IOException {
        byte[] all = new byte[Math.toIntExact(reader.size())];
        int chunk = 777_777;
        for (int pos = 0; pos < all.length; pos += chunk) {
            int n = Math.min(chunk, all.length - pos);
            ByteBuffer buf = ByteBuffer.wrap(all, pos, n).slice();
            reader.read(pos, buf);
            assertEquals(n, buf.position());
        }
        return all;
    }

    /** Asserts the reader shows exactly the bytes of {@code raw} (converted by qemu, or the source). */
    public static void assertSameContent(Path raw, BlockReader reader) throws IOException {
        byte[] expected = Files.readAllBytes(raw);
        assertEquals(expected.length, reader.size(), "size");
        assertArrayEquals(expected, readAll(reader), "content");
    }

    /**
     * Asserts the reader's extents tile the disk and agree with {@code qemu-img map}: data where qemu
     * says data, zero/hole elsewhere.
     */
    public static void assertExtentsMatchQemu(Path image, String fmt, BlockReader reader) throws IOException {
        List<Extent> ours = reader.extents(0, reader.size());
        long pos = 0;
        for (Extent e : ours) {
            assertEquals(pos, e.offset(), "extents must be contiguous");
            pos = e.end();
        }
        assertEquals(reader.size(), pos, "extents must cover the disk");
        for (Qemu.MapEntry q : Qemu.map(image, fmt)) {
            for (Extent e : ours) {
                long from = Math.max(e.offset(), q.start());
                long to = Math.min(e.end(), q.end());
                if (from < to) {
                    assertEquals(q.data(), e.type() == ExtentType.DATA,
                            "at [" + from + ", " + to + ") qemu says data=" + q.data() + ", we say " + e.type());
                }
            }
        }
    }

    /**
     * For formats where qemu has no block-status (vhdx: {@code qemu-img map} says data everywhere):
     * the extents tile the disk and every zero or hole extent reads as zeros in {@code raw}.
     * Returns the number of bytes reported as data.
     */
    public static long assertExtentsConsistent(Path raw, BlockReader reader) throws IOException {
        byte[] expected = Files.readAllBytes(raw);
        long pos = 0;
        long data = 0;
        for (Extent e : reader.extents(0, reader.size())) {
            assertEquals(pos, e.offset(), "extents must be contiguous");
            pos = e.end();
            if (e.type() == ExtentType.DATA) {
                data += e.length();
                continue;
            }
            for (long i = e.offset(); i < e.end(); i++) {
                if (expected[(int) i] != 0) {
                    throw new AssertionError("extent " + e + " is not zero at " + i);
                }
            }
        }
        assertEquals(reader.size(), pos, "extents must cover the disk");
        return data;
    }

    /** Allocated bytes of a file on disk ({@code du}). */
    public static long allocated(Path path) throws IOException {
        String out = Qemu.ok(null, "du", "--block-size=1", path.toString());
        long bytes = Long.parseLong(out.trim().split("\\s+")[0]);
        assertTrue(bytes >= 0);
        return bytes;
    }
}
