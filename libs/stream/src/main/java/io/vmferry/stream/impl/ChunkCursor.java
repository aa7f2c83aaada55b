package io.vmferry.stream.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Hands out byte runs of an exact size from input chunks of any split. A run that lies inside one
 * chunk is returned as a slice (no copy); a run spanning chunks is gathered into a buffer allocated
 * once at its final size. The caller bounds every size before asking, so memory stays bounded.
 * A chunk pushed as borrowed (valid only until the next push, e.g. a network buffer that is
 * released after the call) is never sliced: every run taken from it is copied into a buffer of its own.
 * <p>A {@link #retaining()} cursor copies only runs under {@link #RETAIN_MIN} bytes out of borrowed chunks; a
 * larger run (a frame's payload) is the chunks' own memory, retained: a slice of one chunk, or a composite of the
 * slices of several. The caller owns such a run and {@link #release releases} it once done. Performance: the
 * sink's copy of every payload byte out of the TLS handler's buffers (~0.25 CPU-s per 2 GiB on the bench box).
 */
public final class ChunkCursor {
    /** Runs a retaining cursor still copies: preambles, frame headers, stop markers and small payloads. */
    public static final int RETAIN_MIN = 4096;

    private final boolean retaining;
    private Buffer chunk;
    private int position;
    private Buffer partial;
    /** A retained run being put together from several chunks. */
    private CompositeByteBuf gathering;
    private boolean borrowed;

    /** A cursor gathering into fresh buffers. */
    public ChunkCursor() {
        this(false);
    }

    private ChunkCursor(boolean retaining) {
        this.retaining = retaining;
    }

    /** A cursor whose runs of {@link #RETAIN_MIN} bytes or more retain the chunks' memory (see the class). */
    public static ChunkCursor retaining() {
        return new ChunkCursor(true);
    }

    /**
     * Releases {@code run}, taken from this cursor, once the caller is done with it: a retained run's references go,
     * anything else is left alone (a slice shares its chunk's references, which the chunk's owner gives back).
     */
    public void release(Buffer run) {
        if (retaining && run instanceof BufferInternal internal) {
            internal.unwrap().release(); // a copied run is Vert.x's heap buffer: a no-op
        }
    }

    /** Makes {@code next} the current chunk; the previous one must have been consumed. */
    public void push(Buffer next) {
        push(next, false);
    }

    /** As {@link #push(Buffer)}; with {@code borrowed} the runs taken from {@code next} are copies. */
    public void push(Buffer next, boolean borrowed) {
        chunk = next;
        position = 0;
        this.borrowed = borrowed;
    }

    /** Unread bytes of the current chunk. */
    public int available() {
        return chunk == null ? 0 : chunk.length() - position;
    }

    /** Bytes gathered so far for an incomplete run. */
    public int gathered() {
        return gathering != null ? gathering.readableBytes() : partial == null ? 0 : partial.length();
    }

    /** Drops an incomplete run (a retaining cursor releases what it retained for it). */
    public void discard() {
        partial = null;
        if (gathering != null) {
            gathering.release();
            gathering = null;
        }
    }

    /**
     * The next {@code size} bytes, or null when the current chunk ran out first (its bytes are kept
     * and the same size must be asked for again after the next push).
     */
    public Buffer take(int size) {
        if (retaining && size >= RETAIN_MIN) {
            return takeRetained(size);
        }
        if (partial == null && available() >= size) {
            Buffer run = borrowed ? Buffer.buffer(size).appendBuffer(chunk, position, size)
                    : chunk.slice(position, position + size);
            position += size;
            return run;
        }
        if (partial == null) {
            if (available() == 0) {
                return null;
            }
            partial = Buffer.buffer(size);
        }
        int n = Math.min(size - partial.length(), available());
        if (n > 0) {
            partial.appendBuffer(chunk, position, n);
            position += n;
        }
        if (partial.length() < size) {
            return null;
        }
        Buffer run = partial;
        partial = null;
        return run;
    }

    private Buffer takeRetained(int size) {
        if (gathering == null && available() >= size) {
            return BufferInternal.buffer(retainedSlice(size));
        }
        if (gathering == null) {
            if (available() == 0) {
                return null;
            }
            gathering = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        }
        int n = Math.min(size - gathering.readableBytes(), available());
        if (n > 0) {
            gathering.addComponent(true, retainedSlice(n));
        }
        if (gathering.readableBytes() < size) {
            return null;
        }
        Buffer run = BufferInternal.buffer(gathering);
        gathering = null;
        return run;
    }

    /** The next {@code n} bytes of the chunk as a slice holding a reference of its own. */
    private ByteBuf retainedSlice(int n) {
        ByteBuf source = ((BufferInternal) chunk).unwrap();
        ByteBuf slice = source.retainedSlice(source.readerIndex() + position, n);
        position += n;
        return slice;
    }
}
