package io.vmferry.stream.api;

import io.vertx.core.buffer.Buffer;

/**
 * Disk bytes at {@code offset}. {@code data} is always the uncompressed content; {@code compressed}
 * tells whether it travelled LZ4-compressed. The buffer may share memory with the decoder's input:
 * do not modify it.
 */
public record DataFrame(long sequence, long offset, Buffer data, boolean compressed) implements ContentFrame {

    /** Rejects a frame without bytes. */
    public DataFrame {
        if (data == null || data.length() == 0) {
            throw new IllegalArgumentException("data frame without bytes");
        }
    }

    @Override
    public long length() {
        return data.length();
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
