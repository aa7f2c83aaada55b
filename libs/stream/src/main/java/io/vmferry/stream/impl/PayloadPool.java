package io.vmferry.stream.impl;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Arrays for the frame payloads one incoming stream gathers, used again once the receiver is done with a frame
 * ({@link #recycle}). Runs of {@value #MIN_BYTES} to {@value #ARRAY_BYTES} bytes (data frames at the senders'
 * frame size) get a pooled array; others a fresh buffer. Confined to one thread (the connection's event loop).
 * <p>Performance: a fresh 1 MiB array per frame cost the sink a zeroing pass over every byte it received, new
 * pages for the heap, and young collections copying the frames in flight (on the 2-core bench box ~6 % of a full
 * backup's CPU in the sink's zeroing, page faults and the collector's threads).
 */
public final class PayloadPool {
    /** Largest run served from the pool: the senders' default data frame size. */
    public static final int ARRAY_BYTES = 1 << 20;
    /** Smallest run served from the pool: below this a pooled array would be mostly unused. */
    public static final int MIN_BYTES = 64 << 10;

    private final int maxFree;
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private final Set<byte[]> lent = Collections.newSetFromMap(new IdentityHashMap<>());

    /** A pool keeping at most {@code maxFree} unused arrays. */
    public PayloadPool(int maxFree) {
        this.maxFree = maxFree;
    }

    /** An empty buffer with room for {@code size} bytes, on a pooled array when the size suits one. */
    public Buffer gather(int size) {
        if (size < MIN_BYTES || size > ARRAY_BYTES) {
            return Buffer.buffer(size);
        }
        byte[] array = free.poll();
        if (array == null) {
            array = new byte[ARRAY_BYTES];
        }
        lent.add(array);
        return BufferInternal.buffer(Unpooled.wrappedBuffer(array).clear());
    }

    /** Takes back the array under {@code payload} if this pool lent it; nothing may read {@code payload} afterwards. */
    public void recycle(Buffer payload) {
        if (!(payload instanceof BufferInternal internal) || !internal.getByteBuf().hasArray()) {
            return;
        }
        byte[] array = internal.getByteBuf().array();
        if (lent.remove(array) && free.size() < maxFree) {
            free.push(array);
        }
    }
}
