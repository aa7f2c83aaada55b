package io.vmferry.formats.io;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers of one size kept for use again: {@link #take} hands out a kept buffer or a new one, {@link #give}
 * keeps a buffer while fewer than the pool's {@link #limit} wait, a buffer beyond that is left to the collector.
 * Thread-safe; allocation happens outside the lock.
 *
 * <p>Performance: a new direct buffer costs the JVM's zeroing pass and the kernel's page faults on first touch, and
 * its memory goes back only when the collector runs; a kept one costs neither again. Kept memory also keeps its
 * pages, which matters for buffers that should be transparent huge pages (see {@link DirectSparseOutput}).
 */
public final class DirectBufferPool {
    private final int size;
    private final int alignment;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private int limit;

    /**
     * @param size      bytes of every buffer
     * @param alignment where buffers start: a multiple of this power of two (1: anywhere)
     * @param limit     buffers kept at most
     */
    public DirectBufferPool(int size, int alignment, int limit) {
        if (size <= 0 || alignment <= 0 || Integer.bitCount(alignment) != 1 || limit < 0) {
            throw new IllegalArgumentException("size " + size + ", alignment " + alignment + ", limit " + limit);
        }
        this.size = size;
        this.alignment = alignment;
        this.limit = limit;
    }

    /** A buffer of {@link #size} bytes, position 0 and limit {@link #size}, contents undefined: kept or new. */
    public ByteBuffer take() {
        ByteBuffer kept;
        synchronized (this) {
            kept = free.poll();
        }
        if (kept != null) {
            return kept.clear().limit(size);
        }
        if (alignment == 1) {
            return ByteBuffer.allocateDirect(size);
        }
        ByteBuffer raw = ByteBuffer.allocateDirect(size + alignment - 1);
        int past = raw.alignmentOffset(0, alignment);
        return raw.slice(past == 0 ? 0 : alignment - past, size);
    }

    /** Gives back a buffer from {@link #take} that nothing reads or writes any more. */
    public synchronized void give(ByteBuffer buffer) {
        if (free.size() < limit) {
            free.push(buffer);
        }
    }

    /** Keeps at most {@code buffers} from now on; kept buffers beyond that are dropped at once. */
    public synchronized void limit(int buffers) {
        limit = Math.max(0, buffers);
        while (free.size() > limit) {
            free.pop();
        }
    }

    /** Buffers waiting to be taken again. */
    public synchronized int kept() {
        return free.size();
    }

    /** Bytes of every buffer. */
    public int size() {
        return size;
    }
}
