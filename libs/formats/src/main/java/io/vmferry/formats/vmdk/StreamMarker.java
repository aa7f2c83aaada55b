package io.vmferry.formats.vmdk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Markers of a streamOptimized extent (VMware "Virtual Disk Format 5.0", "Stream-Optimized
 * Compressed Sparse Extents"). Every marker starts on a sector boundary; little-endian.
 *
 * <pre>
 * Grain marker (precedes every compressed grain, also without the markers flag):
 *   offset size field
 *        0    8 lba          first sector of the grain in the extent
 *        8    4 size         compressed bytes that follow (non-zero), padded to a sector
 *       12    . data         zlib (RFC 1950) deflate stream
 *
 * Metadata marker (one sector, only with the markers flag):
 *        0    8 numSectors   sectors of metadata that follow the marker
 *        8    4 size         always 0 (this is what tells it from a grain marker)
 *       12    4 type         0 end of stream, 1 grain table, 2 grain directory, 3 footer
 *       16  496 pad
 * </pre>
 * A stream ends with: GD marker + GD, footer marker + footer (a {@link SparseExtentHeader} with the
 * real gdOffset), end-of-stream marker (all zero).
 */
enum StreamMarker {
    END_OF_STREAM(0),
    GRAIN_TABLE(1),
    GRAIN_DIRECTORY(2),
    FOOTER(3);

    static final int LBA_OFFSET = 0;
    static final int SIZE_OFFSET = LBA_OFFSET + 8;
    static final int DATA_OFFSET = SIZE_OFFSET + 4;
    static final int NUM_SECTORS_OFFSET = 0;
    static final int TYPE_OFFSET = SIZE_OFFSET + 4;
    /** Bytes of a grain marker before its data. */
    public static final int GRAIN_HEADER_SIZE = DATA_OFFSET;

    private final int code;

    StreamMarker(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Marker type for a wire code, or null when unknown. */
    public static StreamMarker valueOf(int code) {
        for (StreamMarker m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        return null;
    }

    /** One sector holding this metadata marker announcing {@code numSectors} following sectors. */
    public ByteBuffer encode(long numSectors) {
        ByteBuffer b = ByteBuffer.allocate(VmdkLimits.SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(NUM_SECTORS_OFFSET, numSectors).putInt(SIZE_OFFSET, 0).putInt(TYPE_OFFSET, code);
        return b;
    }

    /** Type of the metadata marker in {@code sector}, or null if it is not a metadata marker. */
    static StreamMarker decode(ByteBuffer sector) {
        ByteBuffer b = sector.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < GRAIN_HEADER_SIZE + 4 || b.getInt(b.position() + SIZE_OFFSET) != 0) {
            return null;
        }
        return valueOf(b.getInt(b.position() + TYPE_OFFSET));
    }
}
