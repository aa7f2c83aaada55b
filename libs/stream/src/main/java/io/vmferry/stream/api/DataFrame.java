package io.vmferry.stream.api;

import io.vertx.core.buffer.Buffer;
import io.vmferry.stream.impl.Nio;
import java.nio.ByteBuffer;

/**
 * Disk bytes at {@code offset}. {@code data} is always the uncompressed content; {@code compressed}
 * tells whether it travelled LZ4-compressed, and {@code stored} is the payload as it travelled (the
 * LZ4 block, or {@code data} itself; null when unknown). A sink that stores frames keeps
 * {@code stored} as it is instead of compressing {@code data} again (see
 * {@link StreamEncoder#relay(DataFrame)}). {@code crc} is the CRC-32C the frame travelled with (header and
 * {@code stored}), which a decoder checked; null when unknown. The buffers may share memory with the decoder's
 * input: do not modify them.
 */
public record DataFrame(long sequence, long offset, Buffer data, boolean compressed, Buffer stored, Integer crc)
        implements ContentFrame {

    /** Rejects a frame without bytes. */
    public DataFrame {
        if (data == null || data.length() == 0) {
            throw new IllegalArgumentException("data frame without bytes");
        }
        if (stored == null && !compressed) {
            stored = data;
        }
    }

    /** A frame whose stored payload is {@code data} itself, or unknown when {@code compressed}; no CRC known. */
    public DataFrame(long sequence, long offset, Buffer data, boolean compressed) {
        this(sequence, offset, data, compressed, null, null);
    }

    @Override
    public long length() {
        return data.length();
    }

    /**
     * Bytes {@code [from, to)} of {@code data} as a ByteBuffer that shares the frame's memory (a copy only for a
     * Buffer that is not Vert.x's own): what a writer of images hands to a file channel without copying. Do not
     * modify its content.
     */
    public ByteBuffer bytes(int from, int to) {
        return Nio.view(data, from, to - from);
    }

    /** All of {@code data} as in {@link #bytes(int, int)}. */
    public ByteBuffer bytes() {
        return bytes(0, data.length());
    }

    @Override
    public FrameType type() {
        return FrameType.DATA;
    }

    @Override
    public String toString() {
        return "DataFrame[seq=" + sequence + ", offset=" + offset + ", length=" + data.length()
                + (compressed ? ", lz4" : "") + "]";
    }
}
