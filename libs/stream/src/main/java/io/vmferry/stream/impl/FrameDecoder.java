package io.vmferry.stream.impl;

import io.vmferry.stream.api.DataFrame;
import io.vmferry.stream.api.FrameType;
import io.vmferry.stream.api.HoleFrame;
import io.vmferry.stream.api.StreamFormatError;
import io.vmferry.stream.api.StreamFormatException;
import io.vmferry.stream.api.StreamFrame;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamLimits;
import io.vmferry.stream.api.StreamTrailer;
import io.vmferry.stream.api.ZeroFrame;
import io.vertx.core.buffer.Buffer;

/**
 * Turns one frame (header plus payload) into a typed {@link StreamFrame}: bounds the payload before
 * it is read, then checks the CRC, the flags and the stream rules, in that order, so corruption is
 * reported as a CRC mismatch rather than as whatever the corrupted field happened to break.
 */
public final class FrameDecoder {
    private final StreamRules rules;

    public FrameDecoder(StreamRules rules) {
        this.rules = rules;
    }

    /** The payload length of {@code h}, after checking it against the bounds of its type. */
    public int boundPayload(FrameHeader h, StreamLimits limits, long position) {
        FrameType type = h.type();
        if (type == null) {
            throw new StreamFormatException(StreamFormatError.BAD_FRAME_TYPE,
                    String.format("unknown frame type 0x%02x at stream byte %d", h.typeCode(), position));
        }
        long payload = h.payloadLength();
        long max = switch (type) {
            case HEADER -> HeaderPayload.MAX_SIZE;
            case DATA -> dataLengthBound(h, limits, position);
            case ZERO, HOLE -> 0;
            case TRAILER -> TrailerPayload.SIZE;
        };
        long min = switch (type) {
            case HEADER -> HeaderPayload.FIXED_SIZE;
            case DATA -> 1;
            case ZERO, HOLE -> 0;
            case TRAILER -> TrailerPayload.SIZE;
        };
        if (payload < min || payload > max) {
            throw new StreamFormatException(StreamFormatError.BAD_LENGTH, type.label() + " frame at stream byte "
                    + position + " has payload length " + payload + ", allowed " + min + ".." + max);
        }
        return (int) payload;
    }

    /** Verifies and decodes a frame whose payload was bounded by {@link #boundPayload}. */
    public StreamFrame decode(FrameHeader h, Buffer payload, long position) {
        FrameType type = h.type();
        int computed = h.computeCrc(payload);
        if (computed != h.storedCrc()) {
            throw new StreamFormatException(StreamFormatError.CRC_MISMATCH, "crc32c mismatch in " + type.label()
                    + " frame seq=" + h.sequence() + " at stream byte " + position + ": stored "
                    + Crc.hex(h.storedCrc()) + ", computed " + Crc.hex(computed));
        }
        int allowed = type == FrameType.DATA ? FrameHeader.FLAG_LZ4 : 0;
        if (h.reserved() != 0 || (h.flags() & ~allowed) != 0) {
            throw new StreamFormatException(StreamFormatError.BAD_FLAGS, String.format(
                    "%s frame seq=%d has flags 0x%02x, reserved 0x%04x", type.label(), h.sequence(), h.flags(), h.reserved()));
        }
        return switch (type) {
            case HEADER -> header(h, payload);
            case DATA -> data(h, payload);
            case ZERO, HOLE -> range(h, type);
            case TRAILER -> trailer(h, payload);
        };
    }

    private StreamHeader header(FrameHeader h, Buffer payload) {
        requireNoRange(h, FrameType.HEADER);
        StreamHeader header = HeaderPayload.decode(payload);
        rules.header(header, h.sequence());
        return header;
    }

    private DataFrame data(FrameHeader h, Buffer payload) {
        boolean lz4 = (h.flags() & FrameHeader.FLAG_LZ4) != 0;
        int length = (int) h.length();
        if (!lz4 && payload.length() != length) {
            throw new StreamFormatException(StreamFormatError.BAD_LENGTH, "uncompressed data frame seq="
                    + h.sequence() + " has payload length " + payload.length() + " but length " + length);
        }
        Buffer data = lz4 ? Lz4.decompress(payload, length, h.sequence()) : payload;
        rules.content(FrameType.DATA, h.sequence(), h.offset(), length, payload.length(), data);
        return new DataFrame(h.sequence(), h.offset(), data, lz4, payload, h.storedCrc());
    }

    private StreamFrame range(FrameHeader h, FrameType type) {
        rules.content(type, h.sequence(), h.offset(), h.length(), 0, null);
        return type == FrameType.ZERO ? new ZeroFrame(h.sequence(), h.offset(), h.length())
                : new HoleFrame(h.sequence(), h.offset(), h.length());
    }

    private StreamTrailer trailer(FrameHeader h, Buffer payload) {
        requireNoRange(h, FrameType.TRAILER);
        StreamTrailer trailer = TrailerPayload.decode(payload, h.sequence());
        rules.verifyTrailer(trailer);
        return trailer;
    }

    private static long dataLengthBound(FrameHeader h, StreamLimits limits, long position) {
        long length = h.length();
        if (length < 1 || length > limits.maxDataFrameBytes()) {
            throw new StreamFormatException(StreamFormatError.BAD_LENGTH, "data frame at stream byte " + position
                    + " has length " + length + ", allowed 1.." + limits.maxDataFrameBytes());
        }
        return length;
    }

    private static void requireNoRange(FrameHeader h, FrameType type) {
        if (h.offset() != 0 || h.length() != 0) {
            throw new StreamFormatException(StreamFormatError.BAD_FLAGS,
                    type.label() + " frame seq=" + h.sequence() + " must have offset and length 0");
        }
    }
}
