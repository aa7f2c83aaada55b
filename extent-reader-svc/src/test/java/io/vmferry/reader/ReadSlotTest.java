package io.vmferry.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vmferry.nbd.api.NbdProtocolException;
import io.vmferry.nbd.api.NbdReadChunk;
import io.vmferry.stream.api.FrameType;
import io.vmferry.stream.api.StreamExtent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadSlotTest {
    private static final int K = 1024;

    private static Buffer filled(int length, int value) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        return Buffer.buffer(b);
    }

    private static List<String> drain(ReadSlot slot) {
        List<String> out = new ArrayList<>();
        for (StreamExtent e = slot.poll(); e != null; e = slot.poll()) {
            out.add(e.type() + " " + e.offset() + "+" + e.length());
        }
        return out;
    }

    @Test
    void piecesInAnyOrderBecomeOrderedExtentsWithZeroBlocksAndHolesSparse() {
        long base = 1 << 20;
        ReadSlot slot = ReadSlot.read(base, 64 * K, FrameType.ZERO, 1 << 20);
        // data piece split in two, delivered last-first, holding 4 KiB of zeros in the middle
        Buffer first = filled(12 * K, 1);
        first.setBuffer(4 * K, Buffer.buffer(new byte[4 * K]));
        assertEquals(20 * K, slot.accept(new NbdReadChunk.Data(base + 12 * K, filled(20 * K, 2))));
        slot.accept(new NbdReadChunk.Hole(base + 32 * K, 16 * K));
        slot.accept(new NbdReadChunk.Data(base, first));
        slot.accept(new NbdReadChunk.Data(base + 48 * K, Buffer.buffer(new byte[16 * K])));
        assertEquals(48 * K, slot.dataBytes());
        slot.complete();
        assertEquals(List.of("DATA 1048576+4096", "ZERO 1052672+4096", "DATA 1056768+24576", "ZERO 1081344+32768"),
                drain(slot), "adjacent zero blocks and holes merge into one frame");
        assertTrue(slot.drained());
    }

    @Test
    void dataBytesAreWhatNbdSent() {
        ReadSlot slot = ReadSlot.read(0, 8 * K, FrameType.HOLE, 1 << 20);
        slot.accept(new NbdReadChunk.Data(4 * K, filled(4 * K, 3)));
        slot.accept(new NbdReadChunk.Data(0, filled(4 * K, 4)));
        slot.complete();
        StreamExtent e = slot.poll();
        assertEquals(8 * K, e.length());
        assertEquals(4, e.data().getByte(0));
        assertEquals(3, e.data().getByte(8 * K - 1));
    }

    @Test
    void dataIsCutAtMultiplesOfTheFrameSize() {
        ReadSlot slot = ReadSlot.read(8 * K, 40 * K, FrameType.HOLE, 16 * K);
        slot.accept(new NbdReadChunk.Data(8 * K, filled(40 * K, 5)));
        slot.complete();
        assertEquals(List.of("DATA 8192+8192", "DATA 16384+16384", "DATA 32768+16384"), drain(slot));
    }

    @Test
    void overlappingPiecesAreAProtocolError() {
        ReadSlot slot = ReadSlot.read(0, 8 * K, FrameType.HOLE, 1 << 20);
        slot.accept(new NbdReadChunk.Data(0, filled(6 * K, 1)));
        slot.accept(new NbdReadChunk.Hole(4 * K, 4 * K));
        assertThrows(NbdProtocolException.class, slot::complete);
    }

    @Test
    void aRecycledArrayIsUsedAndReturnedOnlyAfterEveryDataExtentWasWritten() {
        ByteBuffer used = ByteBuffer.allocateDirect(64 * K);
        while (used.hasRemaining()) {
            used.put((byte) 0x5A); // stale bytes of an earlier read must never show
        }
        ReadSlot slot = ReadSlot.read(0, 32 * K, FrameType.HOLE, 8 * K, n -> used);
        slot.accept(new NbdReadChunk.Data(0, filled(16 * K, 7)));
        slot.accept(new NbdReadChunk.Hole(16 * K, 16 * K));
        slot.complete();
        StreamExtent a = slot.poll();
        slot.lend();
        StreamExtent b = slot.poll();
        slot.lend();
        StreamExtent hole = slot.poll();
        assertEquals(List.of(FrameType.HOLE, 16L * K, 16L * K), List.of(hole.type(), hole.offset(), hole.length()));
        assertTrue(slot.drained());
        assertEquals(List.of(0L, 8L * K), List.of(a.offset(), b.offset()), "data cut at the frame size");
        assertEquals(7, b.data().getByte(8 * K - 1));
        assertEquals(null, slot.giveBack(), "one data extent still out");
        assertTrue(used == slot.giveBack(), "the array comes back after the last one was written");
    }
}
