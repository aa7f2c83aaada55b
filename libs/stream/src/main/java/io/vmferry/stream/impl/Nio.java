package io.vmferry.stream.impl;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;

/**
 * The one place that bridges Vert.x {@link Buffer}s and NIO {@link ByteBuffer}s without copying
 * (CRC-32C, SHA-256, LZ4 and file channels all take ByteBuffers). Falls back to copying for a
 * Buffer implementation it does not know.
 */
public final class Nio {

    private Nio() {
    }

    /**
     * A view of {@code length} bytes of {@code buffer} from {@code offset}, sharing its memory.
     * Deliberately not read-only: CRC32C, MessageDigest and LZ4 only take their fast paths for
     * array-backed or direct buffers. Callers only read through it.
     */
    public static ByteBuffer view(Buffer buffer, int offset, int length) {
        if (buffer instanceof BufferInternal internal) {
            return internal.getByteBuf().nioBuffer(offset, length);
        }
        return ByteBuffer.wrap(buffer.getBytes(offset, offset + length));
    }

    /**
     * Views of {@code length} bytes of {@code buffer} from {@code offset}, one per part of its memory (several for a
     * composite, where {@link #view(Buffer, int, int)} would copy the parts into one), sharing it.
     */
    public static ByteBuffer[] views(Buffer buffer, int offset, int length) {
        if (buffer instanceof BufferInternal internal) {
            return internal.getByteBuf().nioBuffers(offset, length);
        }
        return new ByteBuffer[] {view(buffer, offset, length)};
    }

    /** A view of the whole buffer (see {@link #view(Buffer, int, int)}). */
    public static ByteBuffer view(Buffer buffer) {
        return view(buffer, 0, buffer.length());
    }

    /** A Buffer over {@code bytes} without copying them; the caller must not modify the array afterwards. */
    public static Buffer wrap(byte[] bytes, int offset, int length) {
        return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes, offset, length));
    }

    /** A Buffer over the whole array without copying it. */
    public static Buffer wrap(byte[] bytes) {
        return wrap(bytes, 0, bytes.length);
    }

    /** A Buffer over the remaining bytes of {@code src} without copying them; {@code src} is not moved. */
    public static Buffer wrap(ByteBuffer src) {
        return BufferInternal.buffer(Unpooled.wrappedBuffer(src.slice()));
    }

    /** A Buffer holding a copy of the remaining bytes of {@code src}; {@code src} is not moved. */
    public static Buffer copyOf(ByteBuffer src) {
        byte[] bytes = new byte[src.remaining()];
        src.duplicate().get(bytes);
        return wrap(bytes);
    }
}
