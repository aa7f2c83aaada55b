package io.vmferry.formats.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Copier} on in-memory disks: extent handling, zero detection, ordering, bounds. */
class CopierTest {
    private static final int G = Copier.ZERO_GRANULE;

    /** A reader over a byte array with given extents. */
    record MemReader(byte[] data, List<Extent> map) implements BlockReader {
        public String format() { return "mem"; }
        public long size() { return data.length; }
        public List<Extent> extents(long offset, long length) {
            List<Extent> out = new ArrayList<>();
            for (Extent e : map) {
                long from = Math.max(offset, e.offset());
                long to = Math.min(offset + length, e.end());
                if (from < to) {
                    out.add(new Extent(from, to - from, e.type()));
                }
            }
            return out;
        }
        public void read(long offset, ByteBuffer dst) {
            dst.put(data, (int) offset, dst.remaining());
        }
        public void close() {
        }
    }

    /** A writer recording calls and content. */
    static final class MemWriter implements BlockWriter {
        final byte[] data;
        final List<String> calls = new ArrayList<>();
        long next;
        boolean finished;

        MemWriter(int size) {
            data = new byte[size];
        }
        public String format() { return "mem"; }
        public long size() { return data.length; }
        public void write(long offset, ByteBuffer src) {
            assertTrue(offset >= next, "ascending");
            calls.add("w" + offset + "+" + src.remaining());
            next = offset + src.remaining();
            src.get(data, (int) offset, src.remaining());
        }
        public void zero(long offset, long length) {
            assertTrue(offset >= next, "ascending");
            calls.add("z" + offset + "+" + length);
            next = offset + length;
        }
        public void finish() { finished = true; }
        public void close() { }
    }

    @Test
    void zeroGranulesInsideDataBecomeZeroCalls() throws IOException {
        byte[] d = new byte[4 * G + 100];
        d[5] = 1;                   // granule 0 data
        d[3 * G + 7] = 2;           // granule 3 data, granules 1-2 zero
        d[4 * G + 50] = 3;          // short tail
        MemReader r = new MemReader(d, List.of(new Extent(0, d.length, ExtentType.DATA)));
        MemWriter w = new MemWriter(d.length);
        CopyStats stats = new Copier(2 * G, true).copy(r, w);
        // zero runs merge across read chunks; writes split where the 2G read buffer ends
        assertEquals(List.of("w0+" + G, "z" + G + "+" + 2 * G, "w" + 3 * G + "+" + G, "w" + 4 * G + "+100"), w.calls);
        assertEquals(new CopyStats(G + G + 100, 2 * G), stats);
        assertTrue(w.finished);
        assertEquals(2, w.data[3 * G + 7]);
    }

    @Test
    void holesAndZeroExtentsAreNeverRead() throws IOException {
        byte[] d = new byte[3 * G];
        d[G] = 9;
        MemReader r = new MemReader(d, List.of(new Extent(0, G, ExtentType.HOLE), new Extent(G, G, ExtentType.DATA),
                new Extent(2 * G, G, ExtentType.ZERO)));
        MemWriter w = new MemWriter(d.length);
        new Copier().copy(r, w);
        assertEquals(List.of("z0+" + G, "w" + G + "+" + G, "z" + 2 * G + "+" + G), w.calls);
    }

    @Test
    void withoutZeroDetectionEverythingIsWritten() throws IOException {
        byte[] d = new byte[2 * G];
        MemReader r = new MemReader(d, List.of(new Extent(0, d.length, ExtentType.DATA)));
        MemWriter w = new MemWriter(d.length);
        assertEquals(new CopyStats(2 * G, 0), new Copier(G, false).copy(r, w));
    }

    @Test
    void rejectsASmallerTargetAndOddBuffers() {
        MemReader r = new MemReader(new byte[100], List.of(new Extent(0, 100, ExtentType.DATA)));
        assertThrows(IllegalArgumentException.class, () -> new Copier().copy(r, new MemWriter(99)));
        assertThrows(IllegalArgumentException.class, () -> new Copier(1000, true));
    }
}
