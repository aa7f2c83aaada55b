package io.vmferry.formats.qcow2;

import io.vmferry.formats.internal.ImageFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Flyweight over the qcow2 header (docs/interop/qcow2.txt, "Header"), all fields big-endian:
 *
 * <pre>
 * Byte  0 -  3: magic                    "QFI\xfb"
 *       4 -  7: version                  2 or 3
 *       8 - 15: backing_file_offset      0 = no backing file
 *      16 - 19: backing_file_size        &lt;= 1023, not NUL-terminated
 *      20 - 23: cluster_bits             9 .. 21
 *      24 - 31: size                     virtual disk size in bytes
 *      32 - 35: crypt_method             0 none, 1 AES, 2 LUKS
 *      36 - 39: l1_size                  L1 entries
 *      40 - 47: l1_table_offset          cluster aligned
 *      48 - 55: refcount_table_offset    cluster aligned
 *      56 - 59: refcount_table_clusters
 *      60 - 63: nb_snapshots
 *      64 - 71: snapshots_offset
 * version 3 only:
 *      72 - 79: incompatible_features    bit 0 dirty, 1 corrupt, 2 external data file,
 *                                        3 compression type, 4 extended L2
 *      80 - 87: compatible_features      bit 0 lazy refcounts
 *      88 - 95: autoclear_features       bit 0 bitmaps, 1 raw external data
 *      96 - 99: refcount_order           refcount width = 1 &lt;&lt; refcount_order bits
 *     100 -103: header_length            &gt;= 104, multiple of 8
 *     104     : compression_type         0 zlib (raw deflate), 1 zstd; only if header_length &gt; 104
 *     105 -111: padding
 * </pre>
 * Header extensions (type u32, length u32, data padded to 8) follow the header in cluster 0.
 */
public final class Qcow2Header {
    // DO NOT MODIFY: on-disk format constants.
    public static final int MAGIC = 0x514649fb;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = MAGIC_OFFSET + 4;
    public static final int BACKING_FILE_OFFSET_OFFSET = VERSION_OFFSET + 4;
    public static final int BACKING_FILE_SIZE_OFFSET = BACKING_FILE_OFFSET_OFFSET + 8;
    public static final int CLUSTER_BITS_OFFSET = BACKING_FILE_SIZE_OFFSET + 4;
    public static final int SIZE_OFFSET = CLUSTER_BITS_OFFSET + 4;
    public static final int CRYPT_METHOD_OFFSET = SIZE_OFFSET + 8;
    public static final int L1_SIZE_OFFSET = CRYPT_METHOD_OFFSET + 4;
    public static final int L1_TABLE_OFFSET_OFFSET = L1_SIZE_OFFSET + 4;
    public static final int REFCOUNT_TABLE_OFFSET_OFFSET = L1_TABLE_OFFSET_OFFSET + 8;
    public static final int REFCOUNT_TABLE_CLUSTERS_OFFSET = REFCOUNT_TABLE_OFFSET_OFFSET + 8;
    public static final int NB_SNAPSHOTS_OFFSET = REFCOUNT_TABLE_CLUSTERS_OFFSET + 4;
    public static final int SNAPSHOTS_OFFSET_OFFSET = NB_SNAPSHOTS_OFFSET + 4;
    public static final int V2_LENGTH = SNAPSHOTS_OFFSET_OFFSET + 8;
    public static final int INCOMPATIBLE_FEATURES_OFFSET = V2_LENGTH;
    public static final int COMPATIBLE_FEATURES_OFFSET = INCOMPATIBLE_FEATURES_OFFSET + 8;
    public static final int AUTOCLEAR_FEATURES_OFFSET = COMPATIBLE_FEATURES_OFFSET + 8;
    public static final int REFCOUNT_ORDER_OFFSET = AUTOCLEAR_FEATURES_OFFSET + 8;
    public static final int HEADER_LENGTH_OFFSET = REFCOUNT_ORDER_OFFSET + 4;
    public static final int V3_MIN_LENGTH = HEADER_LENGTH_OFFSET + 4;
    public static final int COMPRESSION_TYPE_OFFSET = V3_MIN_LENGTH;
    public static final int V3_LENGTH = 112;

    public static final long INCOMPAT_DIRTY = 1;
    public static final long INCOMPAT_CORRUPT = 1 << 1;
    public static final long INCOMPAT_DATA_FILE = 1 << 2;
    public static final long INCOMPAT_COMPRESSION = 1 << 3;
    public static final long INCOMPAT_EXTL2 = 1 << 4;
    public static final long INCOMPAT_KNOWN = 0x1f;

    public static final int COMPRESSION_ZLIB = 0;
    public static final int COMPRESSION_ZSTD = 1;

    public static final int MIN_CLUSTER_BITS = 9;
    public static final int MAX_CLUSTER_BITS = 21;
    /** Largest virtual size accepted (qemu's own limit is 2^61; tables bound the real cost). */
    public static final long MAX_SIZE = 1L << 56;
    /** Largest L1 table accepted, in bytes (as qemu). */
    public static final long MAX_L1_BYTES = 32L << 20;
    public static final int MAX_BACKING_NAME = 1023;

    private final ByteBuffer buf;

    /** Wraps {@code buf}, which starts at file offset 0 (read-only view, big-endian). */
    public Qcow2Header(ByteBuffer buf) {
        this.buf = buf.duplicate().order(ByteOrder.BIG_ENDIAN);
    }

    public int magic() { return buf.getInt(MAGIC_OFFSET); }
    public int version() { return buf.getInt(VERSION_OFFSET); }
    public long backingFileOffset() { return buf.getLong(BACKING_FILE_OFFSET_OFFSET); }
    public long backingFileSize() { return Integer.toUnsignedLong(buf.getInt(BACKING_FILE_SIZE_OFFSET)); }
    public int clusterBits() { return buf.getInt(CLUSTER_BITS_OFFSET); }
    public long size() { return buf.getLong(SIZE_OFFSET); }
    public int cryptMethod() { return buf.getInt(CRYPT_METHOD_OFFSET); }
    public long l1Size() { return Integer.toUnsignedLong(buf.getInt(L1_SIZE_OFFSET)); }
    public long l1TableOffset() { return buf.getLong(L1_TABLE_OFFSET_OFFSET); }
    public long refcountTableOffset() { return buf.getLong(REFCOUNT_TABLE_OFFSET_OFFSET); }
    public long incompatibleFeatures() { return version() >= 3 ? buf.getLong(INCOMPATIBLE_FEATURES_OFFSET) : 0; }
    public int refcountOrder() { return version() >= 3 ? buf.getInt(REFCOUNT_ORDER_OFFSET) : 4; }
    public int headerLength() { return version() >= 3 ? buf.getInt(HEADER_LENGTH_OFFSET) : V2_LENGTH; }
    public int compressionType() {
        return headerLength() > COMPRESSION_TYPE_OFFSET ? buf.get(COMPRESSION_TYPE_OFFSET) & 0xff : COMPRESSION_ZLIB;
    }

    public long clusterSize() { return 1L << clusterBits(); }
    public boolean extendedL2() { return (incompatibleFeatures() & INCOMPAT_EXTL2) != 0; }

    /**
     * Checks magic, version, cluster size, header length, features, size and the L1 table
     * bounds against {@code file}; the message names the field and its value.
     */
    public void ensureValid(ImageFile file) throws IOException {
        if (buf.limit() < V2_LENGTH || magic() != MAGIC) {
            throw file.error("not a qcow2 image (bad magic)");
        }
        if (version() != 2 && version() != 3) {
            throw file.error("unsupported qcow2 version " + version());
        }
        if (version() == 3 && buf.limit() < V3_MIN_LENGTH) {
            throw file.error("truncated qcow2 version 3 header (" + buf.limit() + " bytes)");
        }
        int hl = headerLength();
        if (hl < (version() == 2 ? V2_LENGTH : V3_MIN_LENGTH) || hl % 8 != 0 || hl > buf.limit()) {
            throw file.error("bad qcow2 header_length " + hl);
        }
        if (clusterBits() < MIN_CLUSTER_BITS || clusterBits() > MAX_CLUSTER_BITS) {
            throw file.error("bad cluster_bits " + clusterBits());
        }
        if (cryptMethod() != 0) {
            throw file.error("encrypted qcow2 images are not supported (crypt_method " + cryptMethod() + ")");
        }
        long unknown = incompatibleFeatures() & ~INCOMPAT_KNOWN;
        if (unknown != 0) {
            throw file.error("unknown incompatible features 0x" + Long.toHexString(unknown));
        }
        if ((incompatibleFeatures() & INCOMPAT_DATA_FILE) != 0) {
            throw file.error("qcow2 images with an external data file are not supported");
        }
        int ct = compressionType();
        if (ct != COMPRESSION_ZLIB && ct != COMPRESSION_ZSTD
                || ct != COMPRESSION_ZLIB && (incompatibleFeatures() & INCOMPAT_COMPRESSION) == 0) {
            throw file.error("bad compression_type " + ct);
        }
        if (extendedL2() && clusterBits() < 14) {
            throw file.error("extended L2 needs clusters of at least 16 KiB, got cluster_bits " + clusterBits());
        }
        if (size() < 0 || size() > MAX_SIZE) {
            throw file.error("absurd virtual size " + size());
        }
        ensureL1Valid(file);
        if (backingFileOffset() != 0) {
            if (backingFileSize() > MAX_BACKING_NAME || backingFileSize() == 0) {
                throw file.error("bad backing_file_size " + backingFileSize());
            }
            file.checkRange(backingFileOffset(), backingFileSize(), "backing file name");
        }
    }

    private void ensureL1Valid(ImageFile file) throws IOException {
        long clusterSize = clusterSize();
        long l2Entries = clusterSize / (extendedL2() ? 16 : 8);
        long needed = Math.ceilDiv(Math.ceilDiv(size(), clusterSize), l2Entries);
        if (l1Size() < needed || l1Size() * 8 > MAX_L1_BYTES) {
            throw file.error("bad l1_size " + l1Size() + " for virtual size " + size() + " (needs " + needed + ")");
        }
        if (l1TableOffset() % clusterSize != 0 && l1Size() > 0) {
            throw file.error("unaligned l1_table_offset " + l1TableOffset());
        }
        file.checkRange(l1TableOffset(), l1Size() * 8, "L1 table");
    }
}
