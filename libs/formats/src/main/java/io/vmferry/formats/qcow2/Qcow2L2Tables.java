package io.vmferry.formats.qcow2;

import io.vmferry.formats.internal.ImageFile;
import io.vmferry.formats.internal.LruCache;
import io.vmferry.formats.internal.Run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * L2 tables: a bounded LRU cache and the decoding of one entry (docs/interop/qcow2.txt,
 * "Cluster mapping"):
 *
 * <pre>
 * Standard cluster descriptor (64 bits):
 *   Bit  0:      all zeros (version 3; reserved in version 2)
 *        1 -  8: reserved
 *        9 - 55: host cluster offset, cluster aligned; 0 = unallocated
 *       56 - 61: reserved
 *       62:      0 standard, 1 compressed
 *       63:      "copied" (refcount is exactly one)
 * Compressed cluster descriptor (x = 62 - (cluster_bits - 8)):
 *   Bit  0 - x-1: host offset (byte granular)
 *        x - 61:  additional 512-byte sectors beyond the one holding the offset
 * Extended L2 (incompatible bit 4): each entry is the descriptor above plus a 64-bit bitmap,
 *   bits 0-31 subcluster allocated, bits 32-63 subcluster reads as zeros; 32 subclusters.
 * </pre>
 */
final class Qcow2L2Tables {
    // DO NOT MODIFY: on-disk format constants.
    static final long OFFSET_MASK = 0x00ff_ffff_ffff_fe00L;
    static final long ENTRY_MASK = 0x3fff_ffff_ffff_ffffL;
    static final long COMPRESSED = 1L << 62;
    static final long ZERO = 1L;
    private static final long CACHE_BYTES = 16L << 20;

    private final ImageFile file;
    private final long clusterSize;
    private final int clusterBits;
    private final boolean extended;
    private final boolean v3;
    private final int entryBytes;
    private final LruCache<Long, ByteBuffer> cache;

    Qcow2L2Tables(ImageFile file, Qcow2Header header) {
        this.file = file;
        this.clusterSize = header.clusterSize();
        this.clusterBits = header.clusterBits();
        this.extended = header.extendedL2();
        this.v3 = header.version() >= 3;
        this.entryBytes = extended ? 16 : 8;
        this.cache = new LruCache<>((int) Math.max(2, CACHE_BYTES / clusterSize));
    }

    /** Entries per L2 table. */
    long entries() {
        return clusterSize / entryBytes;
    }

    /** The L2 table at {@code offset}, from cache or file. */
    ByteBuffer table(long offset) throws IOException {
        ByteBuffer t = cache.get(offset);
        if (t == null) {
            if ((offset & (clusterSize - 1)) != 0) {
                throw file.error("unaligned L2 table offset " + offset);
            }
            t = file.read(offset, (int) clusterSize, ByteOrder.BIG_ENDIAN, "L2 table");
            cache.put(offset, t);
        }
        return t;
    }

    /** The run for the (sub)cluster of entry {@code index} starting {@code inCluster} bytes in. */
    Run classify(ByteBuffer table, int index, long inCluster) throws IOException {
        long entry = table.getLong(index * entryBytes);
        long toClusterEnd = clusterSize - inCluster;
        if ((entry & COMPRESSED) != 0) {
            return new Run(Run.Kind.CUSTOM, toClusterEnd, entry);
        }
        long host = entry & OFFSET_MASK;
        if (host != 0 && (host & (clusterSize - 1)) != 0) {
            throw file.error("unaligned data cluster offset " + host + " in L2 entry " + index);
        }
        if (extended) {
            return subcluster(table.getLong(index * entryBytes + 8), host, index, inCluster);
        }
        if (v3 && (entry & ZERO) != 0) {
            return Run.zero(toClusterEnd);
        }
        return host == 0 ? Run.hole(toClusterEnd) : Run.data(toClusterEnd, host + inCluster);
    }

    private Run subcluster(long bitmap, long host, int index, long inCluster) throws IOException {
        int subBits = clusterBits - 5;
        int sub = (int) (inCluster >>> subBits);
        long len = ((long) (sub + 1) << subBits) - inCluster;
        boolean alloc = (bitmap >>> sub & 1) != 0;
        boolean zero = (bitmap >>> (32 + sub) & 1) != 0;
        if (alloc && (zero || host == 0)) {
            throw file.error("invalid extended L2 entry " + index + " (bitmap 0x" + Long.toHexString(bitmap) + ")");
        }
        if (alloc) {
            return Run.data(len, host + inCluster);
        }
        return zero ? Run.zero(len) : Run.hole(len);
    }
}
