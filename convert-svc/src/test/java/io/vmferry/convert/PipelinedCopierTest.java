package io.vmferry.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.api.CopyStats;
import io.vmferry.formats.api.Extent;
import io.vmferry.formats.api.ExtentType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The two-thread copier: same result as the copier, failures on either side end it without a hang. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipelinedCopierTest {
    static final int MIB = 1 << 20;

    @Test
    void copiesDataAndZerosInOrder() throws Exception {
        byte[] disk = disk(9 * MIB + 777);
        MemoryWriter out = new MemoryWriter(disk.length, -1);
        CopyStats stats = new PipelinedCopier().copy(new MemoryReader(disk, -1), out);
        assertArrayEquals(disk, out.bytes);
        assertTrue(out.finished);
        assertEquals(disk.length, stats.dataBytes() + stats.zeroBytes());
        assertEquals(3 * MIB, stats.zeroBytes(), "two zero MiB and the hole MiB");
        long last = -1;
        for (long offset : out.offsets) {
            assertTrue(offset > last, "ascending");
            last = offset;
        }
    }

    @Test
    void readFailureEndsTheCopyWithTheReadersError() {
        byte[] disk = disk(20 * MIB);
        MemoryWriter out = new MemoryWriter(disk.length, -1);
        IOException e = assertThrows(IOException.class,
                () -> new PipelinedCopier().copy(new MemoryReader(disk, 11L * MIB), out));
        assertEquals("bad sector at 11534336", e.getMessage());
        assertTrue(!out.finished);
    }

    @Test
    void writeFailureStopsTheReader() {
        byte[] disk = disk(40 * MIB);
        MemoryReader in = new MemoryReader(disk, -1);
        IOException e = assertThrows(IOException.class,
                () -> new PipelinedCopier().copy(in, new MemoryWriter(disk.length, 3L * MIB)));
        assertEquals("disk full", e.getMessage());
        assertTrue(in.readUpTo < 20L * MIB, "reader stopped early, at " + in.readUpTo);
    }

    /** Random bytes, with an explicit zero run at 2 MiB and a hole at 4 MiB (see MemoryReader). */
    static byte[] disk(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        java.util.Arrays.fill(b, 2 * MIB, 4 * MIB, (byte) 0);
        java.util.Arrays.fill(b, 4 * MIB, 5 * MIB, (byte) 0);
        return b;
    }

    /** A disk in memory; [4 MiB, 5 MiB) is a hole; reading at or past {@code failAt} fails. */
    static final class MemoryReader implements BlockReader {
        final byte[] disk;
        final long failAt;
        volatile long readUpTo;

        MemoryReader(byte[] disk, long failAt) {
            this.disk = disk;
            this.failAt = failAt;
        }

        public String format() {
            return "memory";
        }

        public long size() {
            return disk.length;
        }

        public List<Extent> extents(long offset, long length) {
            List<Extent> out = new ArrayList<>();
            long end = offset + length;
            long holeStart = 4L * MIB;
            long holeEnd = 5L * MIB;
            if (offset < holeStart) {
                out.add(new Extent(offset, Math.min(end, holeStart) - offset, ExtentType.DATA));
            }
            if (end > holeStart && offset < holeEnd) {
                long s = Math.max(offset, holeStart);
                out.add(new Extent(s, Math.min(end, holeEnd) - s, ExtentType.HOLE));
            }
            if (end > holeEnd) {
                long s = Math.max(offset, holeEnd);
                out.add(new Extent(s, end - s, ExtentType.DATA));
            }
            return out;
        }

        public void read(long offset, ByteBuffer dst) throws IOException {
            if (failAt >= 0 && offset + dst.remaining() > failAt) {
                throw new IOException("bad sector at " + failAt);
            }
            readUpTo = offset + dst.remaining();
            dst.put(disk, (int) offset, dst.remaining());
        }

        public void close() {
        }
    }

    /** Collects writes in memory; writing at or past {@code failAt} fails. */
    static final class MemoryWriter implements BlockWriter {
        final byte[] bytes;
        final long failAt;
        final List<Long> offsets = new ArrayList<>();
        boolean finished;

        MemoryWriter(int size, long failAt) {
            this.bytes = new byte[size];
            this.failAt = failAt;
        }

        public String format() {
            return "memory";
        }

        public long size() {
            return bytes.length;
        }

        public void write(long offset, ByteBuffer src) throws IOException {
            if (failAt >= 0 && offset >= failAt) {
                throw new IOException("disk full");
            }
            offsets.add(offset);
            src.get(bytes, (int) offset, src.remaining());
        }

        public void zero(long offset, long length) {
            offsets.add(offset);
        }

        public void finish() {
            finished = true;
        }

        public void close() {
        }
    }
}
