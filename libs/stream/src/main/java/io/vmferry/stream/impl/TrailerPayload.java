package io.vmferry.stream.impl;

import io.vmferry.stream.api.StreamCounts;
import io.vmferry.stream.api.StreamTrailer;
import io.vertx.core.buffer.Buffer;
import java.util.HexFormat;

/**
 * Payload of the trailer frame (type 0x05), 88 bytes, big-endian. Byte counts of data frames are
 * uncompressed; "stored" is what their payloads took on the wire.
 *
 * <pre>
 * | offset | size | field             |
 * |--------|------|-------------------|
 * | 0      | 8    | data frames       |
 * | 8      | 8    | data bytes        |
 * | 16     | 8    | stored data bytes |
 * | 24     | 8    | zero frames       |
 * | 32     | 8    | zero bytes        |
 * | 40     | 8    | hole frames       |
 * | 48     | 8    | hole bytes        |
 * | 56     | 32   | SHA-256 of the logical content (docs/stream-format.md §5) |
 * </pre>
 */
public final class TrailerPayload {
    public static final int DATA_FRAMES_OFFSET = 0;
    public static final int DATA_BYTES_OFFSET = DATA_FRAMES_OFFSET + 8;
    public static final int STORED_BYTES_OFFSET = DATA_BYTES_OFFSET + 8;
    public static final int ZERO_FRAMES_OFFSET = STORED_BYTES_OFFSET + 8;
    public static final int ZERO_BYTES_OFFSET = ZERO_FRAMES_OFFSET + 8;
    public static final int HOLE_FRAMES_OFFSET = ZERO_BYTES_OFFSET + 8;
    public static final int HOLE_BYTES_OFFSET = HOLE_FRAMES_OFFSET + 8;
    public static final int SHA256_OFFSET = HOLE_BYTES_OFFSET + 8;
    public static final int SHA256_LENGTH = 32;
    public static final int SIZE = SHA256_OFFSET + SHA256_LENGTH;

    private TrailerPayload() {
    }

    public static Buffer encode(StreamTrailer trailer) {
        StreamCounts c = trailer.counts();
        return Buffer.buffer(SIZE)
                .appendLong(c.dataFrames()).appendLong(c.dataBytes()).appendLong(c.storedDataBytes())
                .appendLong(c.zeroFrames()).appendLong(c.zeroBytes())
                .appendLong(c.holeFrames()).appendLong(c.holeBytes())
                .appendBytes(HexFormat.of().parseHex(trailer.sha256()));
    }

    /** Decodes a payload of exactly {@link #SIZE} bytes (length and CRC already checked). */
    public static StreamTrailer decode(Buffer p, long sequence) {
        StreamCounts counts = new StreamCounts(p.getLong(DATA_FRAMES_OFFSET), p.getLong(DATA_BYTES_OFFSET),
                p.getLong(STORED_BYTES_OFFSET), p.getLong(ZERO_FRAMES_OFFSET), p.getLong(ZERO_BYTES_OFFSET),
                p.getLong(HOLE_FRAMES_OFFSET), p.getLong(HOLE_BYTES_OFFSET));
        String sha = HexFormat.of().formatHex(p.getBytes(SHA256_OFFSET, SHA256_OFFSET + SHA256_LENGTH));
        return new StreamTrailer(sequence, counts, sha);
    }
}
