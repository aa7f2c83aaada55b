package io.vmferry.stream.impl;

import io.vertx.core.buffer.Buffer;
import java.util.function.IntFunction;

/**
 * Hands out byte runs of an exact size from input chunks of any split. A run that lies inside one
 * chunk is returned as a slice (no copy); a run spanning chunks is gathered into a buffer allocated
 * once at its final size. The caller bounds every size before asking, so memory stays bounded.
 * A chunk pushed as borrowed (valid only until the next push, e.g. a network buffer that is
 * released after the call) is never sliced: every run taken from it is copied. Copies and gathered runs go into
 * buffers from the cursor's allocator (an empty buffer with room for the run's size).
 */
public final class ChunkCursor {
    private final IntFunction<Buffer> allocator;
    private Buffer chunk;
    private int position;
    private Buffer partial;
    private boolean borrowed;

    /** A cursor gathering into fresh buffers. */
    public ChunkCursor() {
        this(Buffer::buffer);
    }

    /** A cursor gathering into {@code allocator}'s buffers. */
    public ChunkCursor(IntFunction<Buffer> allocator) {
        this.allocator = allocator;
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
        return partial == null ? 0 : partial.length();
    }

    /**
     * The next {@code size} bytes, or null when the current chunk ran out first (its bytes are kept
     * and the same size must be asked for again after the next push).
     */
    public Buffer take(int size) {
        if (partial == null && available() >= size) {
            Buffer run = borrowed ? allocator.apply(size).appendBuffer(chunk, position, size)
                    : chunk.slice(position, position + size);
            position += size;
            return run;
        }
        if (partial == null) {
            if (available() == 0) {
                return null;
            }
            partial = allocator.apply(size);
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
}
