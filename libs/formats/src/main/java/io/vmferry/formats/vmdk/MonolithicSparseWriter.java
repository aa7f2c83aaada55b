package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.FormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a monolithicSparse VMDK in one ascending pass. Layout (sectors), as VMware Workstation
 * lays it out: header, embedded descriptor, redundant GD, redundant GTs, GD, GTs (all tables
 * pre-allocated, so the directories are final at once), padding to a grain boundary
 * ({@code overHead}), then grains in the order written. Each grain table is written (twice) as
 * soon as the writer moves past it: memory holds one table.
 */
final class MonolithicSparseWriter extends GrainWriter {
    static final long GRAIN_SECTORS = 128;
    static final int GTES_PER_GT = 512;
    static final long DESCRIPTOR_SECTORS = 20;

    private final FileChannel channel;
    private final long gtSectors;
    private final long rgtStart;
    private final long gtStart;
    private final long overHead;
    private final int[] table = new int[GTES_PER_GT];
    private long tableIndex = -1;
    private boolean tableDirty;
    private long nextSector;

    MonolithicSparseWriter(Path path, long size, VmdkWriterOptions options) throws IOException {
        super(path.getFileName().toString(), size, GRAIN_SECTORS);
        long gts = (capacitySectors + GRAIN_SECTORS * GTES_PER_GT - 1) / (GRAIN_SECTORS * GTES_PER_GT);
        if (gts > VmdkLimits.MAX_GD_ENTRIES) {
            throw new IllegalArgumentException(name + ": size " + size + " needs too many grain tables");
        }
        this.gtSectors = GrainTables.sectorsFor(GTES_PER_GT);
        long gdSectors = GrainTables.sectorsFor(gts);
        long rgdStart = 1 + DESCRIPTOR_SECTORS;
        this.rgtStart = rgdStart + gdSectors;
        long gdStart = rgtStart + gts * gtSectors;
        this.gtStart = gdStart + gdSectors;
        long metaEnd = gtStart + gts * gtSectors;
        this.overHead = (metaEnd + GRAIN_SECTORS - 1) / GRAIN_SECTORS * GRAIN_SECTORS;
        this.nextSector = overHead;
        byte[] text = options.descriptor(name, capacitySectors).render().getBytes(StandardCharsets.UTF_8);
        if (text.length > DESCRIPTOR_SECTORS * VmdkLimits.SECTOR) {
            throw new IllegalArgumentException(name + ": descriptor of " + text.length + " bytes does not fit");
        }
        SparseExtentHeader h = SparseExtentHeader.blank().version(1)
                .flags(SparseExtentHeader.FLAG_NEWLINE_TEST | SparseExtentHeader.FLAG_REDUNDANT_GD)
                .capacity(capacitySectors).grainSize(GRAIN_SECTORS).descriptor(1, DESCRIPTOR_SECTORS)
                .numGtesPerGt(GTES_PER_GT).rgdOffset(rgdStart).gdOffset(gdStart).overHead(overHead)
                .compressAlgorithm(SparseExtentHeader.COMPRESS_NONE);
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, StandardOpenOption.READ);
        try {
            writeAt(0, h.buffer());
            writeAt(1, ByteBuffer.wrap(text));
            writeAt(rgdStart, directory(gts, rgtStart));
            writeAt(gdStart, directory(gts, gtStart));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private ByteBuffer directory(long gts, long firstTable) {
        ByteBuffer b = ByteBuffer.allocate((int) gts * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < gts; i++) {
            b.putInt((int) (firstTable + i * gtSectors));
        }
        return b.flip();
    }

    @Override
    protected void writeGrain(long index, byte[] data) throws IOException {
        long t = index / GTES_PER_GT;
        if (t != tableIndex) {
            flushTable();
            tableIndex = t;
        }
        if (nextSector + GRAIN_SECTORS > 0xffffffffL) {
            throw new FormatException(name + ": allocated data exceeds the 2 TiB that 32-bit grain table entries can address");
        }
        writeAt(nextSector, ByteBuffer.wrap(data));
        table[(int) (index % GTES_PER_GT)] = (int) nextSector;
        tableDirty = true;
        nextSector += GRAIN_SECTORS;
    }

    private void flushTable() throws IOException {
        if (tableDirty) {
            ByteBuffer b = ByteBuffer.allocate(GTES_PER_GT * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asIntBuffer().put(table);
            writeAt(rgtStart + tableIndex * gtSectors, b);
            writeAt(gtStart + tableIndex * gtSectors, b.rewind());
        }
        java.util.Arrays.fill(table, 0);
        tableDirty = false;
    }

    @Override
    protected void complete() throws IOException {
        flushTable();
        long end = nextSector * VmdkLimits.SECTOR;
        if (channel.size() < end) {
            writeAt(nextSector - 1, ByteBuffer.allocate(VmdkLimits.SECTOR));
        }
        channel.force(true);
    }

    private void writeAt(long sector, ByteBuffer b) throws IOException {
        long pos = sector * VmdkLimits.SECTOR;
        while (b.hasRemaining()) {
            pos += channel.write(b, pos);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
