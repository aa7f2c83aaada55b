package io.vmferry.formats.qcow2;

import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.internal.Buffers;
import io.vmferry.formats.internal.ImageTargets;
import io.vmferry.formats.internal.WriteCursor;
import io.vmferry.formats.io.FileWrites;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Sequential qcow2 version 3 writer. Layout, in file order:
 *
 * <pre>
 * cluster 0          header (112 bytes) + end-of-extensions marker
 * clusters 1..k      L1 table (sized for the virtual disk at creation; none for an empty disk)
 * data clusters      appended as guest offsets are first written; each L2 table is appended
 *                    right after the data it maps, as soon as writing moves past its range
 * refcount blocks    16-bit refcounts, every cluster of the file has refcount 1
 * refcount table     written at {@link #finish()}, then the header
 * </pre>
 *
 * Memory is one L2 table plus the L1 table. Ranges passed to {@link #zero} stay unallocated, which
 * on a fresh image reads as zeros. The virtual size is rounded up to 512 bytes, as qemu does.
 */
public final class Qcow2Writer implements BlockWriter {
    private static final long COPIED = 1L << 63;

    private final RandomAccessFile raf;
    private final FileChannel channel;
    private final long size;
    private final int clusterBits;
    private final long clusterSize;
    private final long l2Entries;
    private final long[] l1;
    private final long[] l2;
    private final WriteCursor cursor;
    private long currentL1 = -1;
    private long lastCluster = -1;
    private long lastHost;
    private long nextFree;

    private Qcow2Writer(RandomAccessFile raf, long size, Qcow2WriterOptions options) {
        this.raf = raf;
        this.channel = raf.getChannel();
        this.size = size;
        this.clusterSize = options.clusterSize();
        this.clusterBits = Integer.numberOfTrailingZeros(options.clusterSize());
        this.l2Entries = clusterSize / 8;
        long l1Size = Math.ceilDiv(Math.ceilDiv(size, clusterSize), l2Entries);
        if (l1Size * 8 > Qcow2Header.MAX_L1_BYTES) {
            throw new IllegalArgumentException("virtual size " + size + " needs an L1 table over 32 MiB; use larger clusters");
        }
        this.l1 = new long[(int) l1Size];
        this.l2 = new long[(int) l2Entries];
        this.cursor = new WriteCursor(size);
        long l1Clusters = Math.ceilDiv(l1Size * 8, clusterSize);
        this.nextFree = (1 + l1Clusters) * clusterSize;
    }

    /** Creates (or truncates) {@code path} as a qcow2 image of {@code size} bytes. */
    public static Qcow2Writer create(Path path, long size, Qcow2WriterOptions options) throws IOException {
        if (size < 0 || size > Qcow2Header.MAX_SIZE) {
            throw new IllegalArgumentException("bad virtual size " + size);
        }
        return ImageTargets.open(path, 0, raf -> new Qcow2Writer(raf, Buffers.alignUp(size, 512), options));
    }

    @Override
    public String format() {
        return Qcow2Format.NAME;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        cursor.advance(offset, src.remaining());
        long pos = offset;
        while (src.hasRemaining()) {
            long inCluster = pos & (clusterSize - 1);
            int n = (int) Math.min(src.remaining(), clusterSize - inCluster);
            long host = hostCluster(pos >>> clusterBits);
            ByteBuffer part = src.slice(src.position(), n);
            FileWrites.writeFully(channel, host + inCluster, part);
            src.position(src.position() + n);
            pos += n;
        }
    }

    @Override
    public void zero(long offset, long length) {
        cursor.advance(offset, length);
    }

    private long hostCluster(long cluster) throws IOException {
        if (cluster == lastCluster) {
            return lastHost;
        }
        long l1Index = cluster / l2Entries;
        if (l1Index != currentL1) {
            flushL2();
            currentL1 = l1Index;
        }
        lastCluster = cluster;
        lastHost = allocate();
        l2[(int) (cluster % l2Entries)] = lastHost | COPIED;
        return lastHost;
    }

    private long allocate() {
        long at = nextFree;
        nextFree += clusterSize;
        return at;
    }

    private void flushL2() throws IOException {
        if (currentL1 < 0) {
            return;
        }
        long at = allocate();
        ByteBuffer buf = ByteBuffer.allocate((int) clusterSize).order(ByteOrder.BIG_ENDIAN);
        buf.asLongBuffer().put(l2);
        FileWrites.writeFully(channel, at, buf);
        l1[(int) currentL1] = at | COPIED;
        java.util.Arrays.fill(l2, 0);
        currentL1 = -1;
    }

    @Override
    public void finish() throws IOException {
        cursor.finish();
        flushL2();
        ByteBuffer l1Buf = ByteBuffer.allocate(l1.length * 8).order(ByteOrder.BIG_ENDIAN);
        l1Buf.asLongBuffer().put(l1);
        FileWrites.writeFully(channel, clusterSize, l1Buf);
        Qcow2Refcounts refcounts = Qcow2Refcounts.layout(nextFree / clusterSize, clusterSize);
        refcounts.write(channel);
        FileWrites.writeFully(channel, 0, header(refcounts));
        channel.force(true);
    }

    private ByteBuffer header(Qcow2Refcounts refcounts) {
        ByteBuffer h = ByteBuffer.allocate(Qcow2Header.V3_LENGTH + 8).order(ByteOrder.BIG_ENDIAN);
        h.putInt(Qcow2Header.MAGIC_OFFSET, Qcow2Header.MAGIC);
        h.putInt(Qcow2Header.VERSION_OFFSET, 3);
        h.putInt(Qcow2Header.CLUSTER_BITS_OFFSET, clusterBits);
        h.putLong(Qcow2Header.SIZE_OFFSET, size);
        h.putInt(Qcow2Header.L1_SIZE_OFFSET, l1.length);
        h.putLong(Qcow2Header.L1_TABLE_OFFSET_OFFSET, l1.length == 0 ? 0 : clusterSize);
        h.putLong(Qcow2Header.REFCOUNT_TABLE_OFFSET_OFFSET, refcounts.tableOffset());
        h.putInt(Qcow2Header.REFCOUNT_TABLE_CLUSTERS_OFFSET, (int) refcounts.tableClusters());
        h.putInt(Qcow2Header.REFCOUNT_ORDER_OFFSET, Qcow2Refcounts.REFCOUNT_ORDER);
        h.putInt(Qcow2Header.HEADER_LENGTH_OFFSET, Qcow2Header.V3_LENGTH);
        // compression_type 0 and the end-of-extensions marker are already zero
        return h;
    }

    @Override
    public void close() throws IOException {
        raf.close();
    }
}
