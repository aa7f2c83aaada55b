package io.vmferry.stream.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A retaining cursor: large runs are the chunks' own memory, held by references the caller gives back. */
class ChunkCursorTest {
    private static final int CHUNK = 10_000;

    @Test
    void largeRunsKeepTheChunksMemorySmallOnesAreCopiedAndReleaseGivesEveryReferenceBack() {
        byte[] bytes = pattern(2 * CHUNK);
        ByteBuf first = Unpooled.directBuffer(CHUNK).writeBytes(bytes, 0, CHUNK);
        ByteBuf second = Unpooled.directBuffer(CHUNK).writeBytes(bytes, CHUNK, CHUNK);
        ChunkCursor cursor = ChunkCursor.retaining();

        cursor.push(BufferInternal.buffer(first), true);
        Buffer header = cursor.take(36);
        assertEquals(1, first.refCnt(), "a run under RETAIN_MIN is a copy, no reference on the chunk");
        Buffer inside = cursor.take(5000);
        assertEquals(2, first.refCnt(), "a run inside the chunk holds a reference of its own");
        assertNull(cursor.take(8000), "the chunk runs out: the rest comes with the next one");
        assertEquals(4964, cursor.gathered());
        first.release(); // the owner gives its reference back after feeding, as the sink does

        cursor.push(BufferInternal.buffer(second), true);
        Buffer spanning = cursor.take(8000);
        second.release();
        assertArrayEquals(Arrays.copyOfRange(bytes, 0, 36), header.getBytes());
        assertArrayEquals(Arrays.copyOfRange(bytes, 36, 5036), inside.getBytes());
        assertArrayEquals(Arrays.copyOfRange(bytes, 5036, 13036), spanning.getBytes(), "a run across two chunks");
        assertFalse(((BufferInternal) spanning).unwrap().hasArray(), "parts of the chunks, not a gathered array");
        assertEquals(2, first.refCnt(), "held by the two retained runs");
        assertEquals(1, second.refCnt(), "held by the spanning run");

        cursor.release(inside);
        cursor.release(spanning);
        assertEquals(0, first.refCnt());
        assertEquals(0, second.refCnt());
    }

    @Test
    void discardGivesBackAnIncompleteRun() {
        ByteBuf chunk = Unpooled.directBuffer(CHUNK).writeBytes(pattern(CHUNK));
        ChunkCursor cursor = ChunkCursor.retaining();
        cursor.push(BufferInternal.buffer(chunk), true);
        assertNull(cursor.take(CHUNK + 1));
        chunk.release();
        assertEquals(1, chunk.refCnt(), "the incomplete run holds the chunk");
        cursor.discard();
        assertEquals(0, chunk.refCnt());
        assertEquals(0, cursor.gathered());
    }

    @Test
    void anOrdinaryCursorLeavesItsSlicesToTheChunksOwner() {
        ByteBuf chunk = Unpooled.directBuffer(CHUNK).writeBytes(pattern(CHUNK));
        ChunkCursor cursor = new ChunkCursor();
        cursor.push(BufferInternal.buffer(chunk));
        Buffer run = cursor.take(8000);
        cursor.release(run);
        assertEquals(1, chunk.refCnt(), "a slice shares the chunk's reference: release does nothing");
        chunk.release();
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + i / 251);
        }
        return b;
    }
}
