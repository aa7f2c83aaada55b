package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.FormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Flyweight over the 512-byte hosted sparse extent header (VMware "Virtual Disk Format 5.0",
 * "Hosted Sparse Extent Header"). All integers are little-endian; sizes and offsets are in
 * 512-byte sectors. The same layout is the footer of a streamOptimized extent.
 *
 * <pre>
 * offset size field               meaning
 *      0    4 magicNumber         0x564d444b ("KDMV" on disk)
 *      4    4 version             1; 2 = zeroed-grain GTE allowed; 3 = streamOptimized
 *      8    4 flags               bit 0 newline test valid, bit 1 redundant GD, bit 2 zeroed-grain GTE,
 *                                 bit 16 compressed grains, bit 17 metadata markers
 *     12    8 capacity            extent size in sectors
 *     20    8 grainSize           sectors per grain, a power of two (default 128 = 64 KiB)
 *     28    8 descriptorOffset    embedded descriptor start, 0 when none
 *     36    8 descriptorSize      embedded descriptor length
 *     44    4 numGTEsPerGT        entries per grain table (512)
 *     48    8 rgdOffset           redundant grain directory
 *     56    8 gdOffset            grain directory; GD_AT_END (all ones): read it from the footer
 *     64    8 overHead            metadata sectors before the first grain
 *     72    1 uncleanShutdown
 *     73    1 singleEndLineChar   '\n'
 *     74    1 nonEndLineChar      ' '
 *     75    1 doubleEndLineChar1  '\r'
 *     76    1 doubleEndLineChar2  '\n'
 *     77    2 compressAlgorithm   0 none, 1 deflate
 *     79  433 pad
 * </pre>
 */
final class SparseExtentHeader {
    /** "KDMV" read as a little-endian uint32. DO NOT MODIFY. */
    public static final int MAGIC = 0x564d444b;
    /** gdOffset of a streamOptimized header whose grain directory is found through the footer. DO NOT MODIFY. */
    public static final long GD_AT_END = -1L;
    public static final int SIZE = 512;

    public static final int FLAG_NEWLINE_TEST = 1;
    public static final int FLAG_REDUNDANT_GD = 1 << 1;
    public static final int FLAG_ZEROED_GRAIN = 1 << 2;
    public static final int FLAG_COMPRESSED = 1 << 16;
    public static final int FLAG_MARKERS = 1 << 17;
    public static final int COMPRESS_NONE = 0;
    public static final int COMPRESS_DEFLATE = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + 4;
    static final int FLAGS_OFFSET = VERSION_OFFSET + 4;
    static final int CAPACITY_OFFSET = FLAGS_OFFSET + 4;
    static final int GRAIN_SIZE_OFFSET = CAPACITY_OFFSET + 8;
    static final int DESCRIPTOR_OFFSET_OFFSET = GRAIN_SIZE_OFFSET + 8;
    static final int DESCRIPTOR_SIZE_OFFSET = DESCRIPTOR_OFFSET_OFFSET + 8;
    static final int NUM_GTES_OFFSET = DESCRIPTOR_SIZE_OFFSET + 8;
    static final int RGD_OFFSET_OFFSET = NUM_GTES_OFFSET + 4;
    static final int GD_OFFSET_OFFSET = RGD_OFFSET_OFFSET + 8;
    static final int OVERHEAD_OFFSET = GD_OFFSET_OFFSET + 8;
    static final int UNCLEAN_SHUTDOWN_OFFSET = OVERHEAD_OFFSET + 8;
    static final int NEWLINE_CHARS_OFFSET = UNCLEAN_SHUTDOWN_OFFSET + 1;
    static final int NEWLINE_CHARS_LENGTH = 4;
    static final int COMPRESS_ALGORITHM_OFFSET = NEWLINE_CHARS_OFFSET + NEWLINE_CHARS_LENGTH;
    private static final byte[] NEWLINE_CHARS = {'\n', ' ', '\r', '\n'};

    private final ByteBuffer buf;

    /** Wraps {@code buf} (its first 512 bytes from position 0); the byte order is set to little-endian. */
    public SparseExtentHeader(ByteBuffer buf) {
        this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A zeroed header with magic and newline-detection characters set. */
    public static SparseExtentHeader blank() {
        SparseExtentHeader h = new SparseExtentHeader(ByteBuffer.allocate(SIZE));
        h.buf.putInt(MAGIC_OFFSET, MAGIC);
        h.buf.put(NEWLINE_CHARS_OFFSET, NEWLINE_CHARS);
        return h;
    }

    /** True when the first four bytes of {@code head} are the sparse extent magic. */
    public static boolean hasMagic(ByteBuffer head) {
        return head.remaining() >= 4
                && head.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(head.position()) == MAGIC;
    }

    public ByteBuffer buffer() {
        return buf.duplicate().position(0).limit(SIZE);
    }

    public int magic() { return buf.getInt(MAGIC_OFFSET); }
    public int version() { return buf.getInt(VERSION_OFFSET); }
    public int flags() { return buf.getInt(FLAGS_OFFSET); }
    public long capacity() { return buf.getLong(CAPACITY_OFFSET); }
    public long grainSize() { return buf.getLong(GRAIN_SIZE_OFFSET); }
    public long descriptorOffset() { return buf.getLong(DESCRIPTOR_OFFSET_OFFSET); }
    public long descriptorSize() { return buf.getLong(DESCRIPTOR_SIZE_OFFSET); }
    public int numGtesPerGt() { return buf.getInt(NUM_GTES_OFFSET); }
    public long rgdOffset() { return buf.getLong(RGD_OFFSET_OFFSET); }
    public long gdOffset() { return buf.getLong(GD_OFFSET_OFFSET); }
    public long overHead() { return buf.getLong(OVERHEAD_OFFSET); }
    public int compressAlgorithm() { return Short.toUnsignedInt(buf.getShort(COMPRESS_ALGORITHM_OFFSET)); }

    public boolean hasFlag(int flag) { return (flags() & flag) != 0; }
    public boolean compressed() { return hasFlag(FLAG_COMPRESSED); }

    public SparseExtentHeader version(int v) { buf.putInt(VERSION_OFFSET, v); return this; }
    public SparseExtentHeader flags(int v) { buf.putInt(FLAGS_OFFSET, v); return this; }
    public SparseExtentHeader capacity(long v) { buf.putLong(CAPACITY_OFFSET, v); return this; }
    public SparseExtentHeader grainSize(long v) { buf.putLong(GRAIN_SIZE_OFFSET, v); return this; }
    public SparseExtentHeader descriptor(long offset, long size) {
        buf.putLong(DESCRIPTOR_OFFSET_OFFSET, offset).putLong(DESCRIPTOR_SIZE_OFFSET, size);
        return this;
    }
    public SparseExtentHeader numGtesPerGt(int v) { buf.putInt(NUM_GTES_OFFSET, v); return this; }
    public SparseExtentHeader rgdOffset(long v) { buf.putLong(RGD_OFFSET_OFFSET, v); return this; }
    public SparseExtentHeader gdOffset(long v) { buf.putLong(GD_OFFSET_OFFSET, v); return this; }
    public SparseExtentHeader overHead(long v) { buf.putLong(OVERHEAD_OFFSET, v); return this; }
    public SparseExtentHeader compressAlgorithm(int v) { buf.putShort(COMPRESS_ALGORITHM_OFFSET, (short) v); return this; }

    /** Grain size in bytes (valid only after {@link #ensureValid}). */
    public int grainBytes() {
        return (int) (grainSize() * VmdkLimits.SECTOR);
    }

    /** Number of grain directory entries needed to cover {@link #capacity()}. */
    public long gdEntries() {
        long gtCoverage = grainSize() * numGtesPerGt();
        return (capacity() + gtCoverage - 1) / gtCoverage;
    }

    /**
     * Checks magic, version, the newline-detection characters (a text-mode transfer corrupts them),
     * grain and table geometry, compression, and that the descriptor and grain directories lie
     * inside a file of {@code fileSize} bytes.
     */
    public void ensureValid(String file, long fileSize) throws FormatException {
        if (magic() != MAGIC) {
            throw bad(file, "bad sparse extent magic 0x%08x, expected 0x%08x", magic(), MAGIC);
        }
        if (version() < 1 || version() > 3) {
            throw bad(file, "unsupported sparse extent version %d", version());
        }
        if (hasFlag(FLAG_NEWLINE_TEST)) {
            byte[] seen = new byte[NEWLINE_CHARS_LENGTH];
            buf.get(NEWLINE_CHARS_OFFSET, seen);
            if (!java.util.Arrays.equals(seen, NEWLINE_CHARS)) {
                throw bad(file, "newline test characters damaged (file transferred in text mode?)");
            }
        }
        long grain = grainSize();
        if (grain < 1 || grain > VmdkLimits.MAX_GRAIN_SECTORS || Long.bitCount(grain) != 1) {
            throw bad(file, "grain size %d sectors is not a power of two in [1, %d]", grain, VmdkLimits.MAX_GRAIN_SECTORS);
        }
        int gtes = numGtesPerGt();
        if (gtes < 1 || gtes > VmdkLimits.MAX_GTES_PER_GT) {
            throw bad(file, "numGTEsPerGT %d outside [1, %d]", Integer.toUnsignedLong(gtes), VmdkLimits.MAX_GTES_PER_GT);
        }
        if (capacity() < 0 || capacity() > VmdkLimits.MAX_SECTORS) {
            throw bad(file, "capacity %d sectors outside [0, %d]", capacity(), VmdkLimits.MAX_SECTORS);
        }
        if (gdEntries() > VmdkLimits.MAX_GD_ENTRIES) {
            throw bad(file, "grain directory of %d entries exceeds %d", gdEntries(), VmdkLimits.MAX_GD_ENTRIES);
        }
        if (compressed() ? compressAlgorithm() != COMPRESS_DEFLATE : compressAlgorithm() != COMPRESS_NONE) {
            throw bad(file, "unsupported compression algorithm %d (compressed flag %s)", compressAlgorithm(), compressed());
        }
        if (descriptorOffset() != 0) {
            if (descriptorSize() < 1 || descriptorSize() > VmdkLimits.MAX_DESCRIPTOR_SECTORS) {
                throw bad(file, "embedded descriptor size %d sectors outside [1, %d]", descriptorSize(), VmdkLimits.MAX_DESCRIPTOR_SECTORS);
            }
            VmdkLimits.checkRange(file, "embedded descriptor", descriptorOffset(), descriptorSize(), fileSize);
        }
    }

    static FormatException bad(String file, String format, Object... args) {
        return new FormatException(file + ": " + String.format(format, args));
    }
}
