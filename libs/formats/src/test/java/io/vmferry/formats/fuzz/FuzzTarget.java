package io.vmferry.formats.fuzz;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.Extent;
import io.vmferry.formats.api.FormatException;
import io.vmferry.formats.api.ImageFormats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The property every parser must keep on any input: open, map and read either work or fail with a
 * {@link FormatException}; nothing else escapes (no runtime exception, no OOM, no hang).
 */
final class FuzzTarget {
    /** At most this much of the disk is read per input, to keep each run short. */
    static final long READ_BUDGET = 1L << 20;
    /** At most this much of the disk is mapped per input. */
    static final long MAP_BUDGET = 1L << 30;

    /** What a parser did with one input: read it consistently, or refused it with a FormatException. */
    enum Outcome { READ, REJECTED }

    private FuzzTarget() {
    }

    /**
     * Writes {@code image} to {@code file} and exercises the {@code format} reader on it; asserts the
     * property above and returns which of the two allowed outcomes it was.
     */
    static Outcome run(String format, byte[] image, Path file) {
        try {
            Files.write(file, image);
            exercise(format, file);
            return Outcome.READ;
        } catch (FormatException expected) {
            assertNotNull(expected.getMessage(), "format errors have a message");
            assertFalse(expected.getMessage().contains("\n"), () -> "format errors are one line: "
                    + expected.getMessage());
            return Outcome.REJECTED;
        } catch (IOException e) {
            throw new UncheckedIOException("not a FormatException", e);
        }
    }

    private static void exercise(String format, Path file) throws IOException {
        try (BlockReader r = ImageFormats.open(file, format)) {
            long size = r.size();
            assertTrue(size >= 0, () -> "negative size " + size);
            checkExtents(r, 0, Math.min(size, MAP_BUDGET));
            readRange(r, 0, Math.min(size, READ_BUDGET / 2));
            readRange(r, Math.max(0, size - READ_BUDGET / 2), Math.min(size, READ_BUDGET / 2));
        }
    }

    private static void readRange(BlockReader r, long offset, long length) throws IOException {
        checkExtents(r, offset, length);
        ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
        for (long p = offset; p < offset + length; p += buf.capacity()) {
            buf.clear().limit((int) Math.min(buf.capacity(), offset + length - p));
            r.read(p, buf);
        }
    }

    private static void checkExtents(BlockReader r, long offset, long length) throws IOException {
        List<Extent> extents = r.extents(offset, length);
        long pos = offset;
        for (Extent e : extents) {
            assertEquals(pos, e.offset(), () -> "extent gap before " + e);
            pos = e.end();
        }
        if (length > 0) {
            assertEquals(offset + length, pos, "extents must cover the asked range");
        }
    }

    /** Applies {@code patches} (offset, bytes) and an optional truncation to a copy of {@code seed}. */
    static byte[] mutate(byte[] seed, long[] offsets, byte[][] values, int newLength) {
        byte[] out = java.util.Arrays.copyOf(seed, Math.max(0, Math.min(seed.length, newLength)));
        for (int i = 0; i < offsets.length; i++) {
            for (int k = 0; k < values[i].length; k++) {
                long at = offsets[i] + k;
                if (at >= 0 && at < out.length) {
                    out[(int) at] = values[i][k];
                }
            }
        }
        return out;
    }
}
