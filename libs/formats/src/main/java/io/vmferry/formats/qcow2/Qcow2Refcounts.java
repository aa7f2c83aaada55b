package io.vmferry.formats.qcow2;

import io.vmferry.formats.io.FileWrites;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Refcount structures for a file whose clusters {@code [0, used)} are all in use exactly once, as
 * {@link Qcow2Writer} produces: refcount blocks then the refcount table are appended at cluster
 * {@code used}, and they count themselves.
 *
 * <pre>
 * refcount table entry (64 bits): bits 9-63 refcount block offset, cluster aligned; 0 = none
 * refcount block: clusterSize * 8 / refcount_bits entries, here 16-bit big-endian
 * </pre>
 */
final class Qcow2Refcounts {
    static final int REFCOUNT_ORDER = 4;

    private final long clusterSize;
    private final long used;
    private final long blocks;
    private final long tableClusters;

    private Qcow2Refcounts(long clusterSize, long used, long blocks, long tableClusters) {
        this.clusterSize = clusterSize;
        this.used = used;
        this.blocks = blocks;
        this.tableClusters = tableClusters;
    }

    /** Sizes the refcount blocks and table for {@code used} clusters plus themselves. */
    static Qcow2Refcounts layout(long used, long clusterSize) {
        long perBlock = clusterSize * 8 / (1 << REFCOUNT_ORDER);
        long perTableCluster = clusterSize / 8;
        long blocks = 0;
        long table = 0;
        while (true) {
            long total = used + blocks + table;
            long b = Math.ceilDiv(total, perBlock);
            long t = Math.ceilDiv(b, perTableCluster);
            if (b == blocks && t == table) {
                return new Qcow2Refcounts(clusterSize, used, blocks, table);
            }
            blocks = b;
            table = t;
        }
    }

    long tableOffset() {
        return (used + blocks) * clusterSize;
    }

    long tableClusters() {
        return tableClusters;
    }

    /** Writes the blocks and the table. */
    void write(FileChannel ch) throws IOException {
        long total = used + blocks + tableClusters;
        long perBlock = clusterSize / 2;
        ByteBuffer block = ByteBuffer.allocate((int) clusterSize).order(ByteOrder.BIG_ENDIAN);
        for (long b = 0; b < blocks; b++) {
            block.clear();
            for (long i = 0; i < perBlock; i++) {
                block.putShort((short) (b * perBlock + i < total ? 1 : 0));
            }
            FileWrites.writeFully(ch, (used + b) * clusterSize, block.flip());
        }
        ByteBuffer table = ByteBuffer.allocate((int) (tableClusters * clusterSize)).order(ByteOrder.BIG_ENDIAN);
        for (long b = 0; b < blocks; b++) {
            table.putLong((used + b) * clusterSize);
        }
        FileWrites.writeFully(ch, tableOffset(), table.clear());
    }
}
