package io.vmferry.stream.api;

import io.vertx.core.buffer.Buffer;

/**
 * What a producer hands to the encoder: data bytes, a zero range or a hole at an offset. The
 * encoder assigns sequence numbers and splits data larger than its frame size.
 *
 * @param type   {@link FrameType#DATA}, {@link FrameType#ZERO} or {@link FrameType#HOLE}
 * @param offset first byte of the range
 * @param length length in bytes (positive; for data, {@code data.length()})
 * @param data   the bytes for data, null otherwise
 */
public record StreamExtent(FrameType type, long offset, long length, Buffer data) {

    /** Validates type, range and data. */
    public StreamExtent {
        if (type == null || !type.isContent()) {
            throw new IllegalArgumentException("not a content type: " + type);
        }
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("bad range offset=" + offset + " length=" + length);
        }
        if ((type == FrameType.DATA) != (data != null) || (data != null && data.length() != length)) {
            throw new IllegalArgumentException("data must be given exactly for data extents, with matching length");
        }
    }

    /** Data bytes at {@code offset}. */
    public static StreamExtent data(long offset, Buffer data) {
        return new StreamExtent(FrameType.DATA, offset, data == null ? 0 : data.length(), data);
    }

    /** A range that reads as zeros and shadows older data. */
    public static StreamExtent zero(long offset, long length) {
        return new StreamExtent(FrameType.ZERO, offset, length, null);
    }

    /** An unallocated range. */
    public static StreamExtent hole(long offset, long length) {
        return new StreamExtent(FrameType.HOLE, offset, length, null);
    }

    @Override
    public String toString() {
        return "StreamExtent[" + type + " offset=" + offset + " length=" + length + "]";
    }
}
