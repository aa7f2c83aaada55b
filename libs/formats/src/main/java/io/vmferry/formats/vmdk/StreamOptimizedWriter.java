package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.FormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * Writes a streamOptimized VMDK (the form vSphere and OVF/OVA import) strictly front to back, so
 * the output may be a pipe. Layout: header ({@code gdOffset = GD_AT_END}, compressed + markers
 * flags, version 3) and embedded descriptor, padding to sector 128, then for each grain a grain
 * marker with its zlib-compressed data; after the last grain of a grain table, a GT marker and the
 * table (tables without grains are omitted: GD entry 0); at the end a GD marker and the grain
 * directory, a footer marker and the footer (the header with the real gdOffset), and an
 * end-of-stream marker. Memory: one grain, its compressed copy, one table and the directory.
 */
final class StreamOptimizedWriter extends GrainWriter {
    static final long GRAIN_SECTORS = 128;
    static final int GTES_PER_GT = 512;
    static final long OVERHEAD_SECTORS = 128;

    private final WritableByteChannel out;
    private final SparseExtentHeader header;
    private final Deflater deflater;
    private final byte[] compressed;
    private final int[] directory;
    private final int[] table = new int[GTES_PER_GT];
    private long tableIndex = -1;
    private boolean tableUsed;
    private long written;
    private long sector;

    StreamOptimizedWriter(String name, WritableByteChannel out, long size, VmdkWriterOptions options) throws IOException {
        super(name, size, GRAIN_SECTORS);
        this.out = out;
        long gts = (capacitySectors + GRAIN_SECTORS * GTES_PER_GT - 1) / (GRAIN_SECTORS * GTES_PER_GT);
        if (gts > VmdkLimits.MAX_GD_ENTRIES) {
            throw new IllegalArgumentException(name + ": size " + size + " needs too many grain tables");
        }
        this.directory = new int[(int) gts];
        this.deflater = new Deflater(options.compressionLevel());
        this.compressed = new byte[grainBytes + grainBytes / 8 + 1024];
        byte[] text = options.descriptor(name, capacitySectors).render().getBytes(StandardCharsets.UTF_8);
        long descriptorSectors = (text.length + VmdkLimits.SECTOR - 1) / VmdkLimits.SECTOR;
        if (1 + descriptorSectors > OVERHEAD_SECTORS) {
            throw new IllegalArgumentException(name + ": descriptor of " + text.length + " bytes does not fit");
        }
        this.header = SparseExtentHeader.blank().version(3)
                .flags(SparseExtentHeader.FLAG_NEWLINE_TEST | SparseExtentHeader.FLAG_COMPRESSED | SparseExtentHeader.FLAG_MARKERS)
                .capacity(capacitySectors).grainSize(GRAIN_SECTORS).descriptor(1, descriptorSectors)
                .numGtesPerGt(GTES_PER_GT).rgdOffset(0).gdOffset(SparseExtentHeader.GD_AT_END).overHead(OVERHEAD_SECTORS)
                .compressAlgorithm(SparseExtentHeader.COMPRESS_DEFLATE);
        emit(header.buffer());
        emit(ByteBuffer.wrap(text));
        padTo(OVERHEAD_SECTORS * VmdkLimits.SECTOR);
    }

    @Override
    protected void writeGrain(long index, byte[] data) throws IOException {
        long t = index / GTES_PER_GT;
        if (t != tableIndex) {
            flushTable();
            tableIndex = t;
        }
        deflater.reset();
        deflater.setInput(data);
        deflater.finish();
        int n = 0;
        while (!deflater.finished()) {
            if (n == compressed.length) {
                throw new IllegalStateException(name + ": deflate output exceeds its bound");
            }
            n += deflater.deflate(compressed, n, compressed.length - n);
        }
        long at = sector;
        checkSector(at);
        ByteBuffer marker = ByteBuffer.allocate(StreamMarker.GRAIN_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        marker.putLong(StreamMarker.LBA_OFFSET, index * GRAIN_SECTORS).putInt(StreamMarker.SIZE_OFFSET, n);
        emit(marker);
        emit(ByteBuffer.wrap(compressed, 0, n));
        padSector();
        table[(int) (index % GTES_PER_GT)] = (int) at;
        tableUsed = true;
    }

    private void flushTable() throws IOException {
        if (tableUsed) {
            long tableSectors = GrainTables.sectorsFor(GTES_PER_GT);
            emit(StreamMarker.GRAIN_TABLE.encode(tableSectors));
            checkSector(sector);
            directory[(int) tableIndex] = (int) sector;
            emit(intsLe(table));
        }
        java.util.Arrays.fill(table, 0);
        tableUsed = false;
    }

    @Override
    protected void complete() throws IOException {
        flushTable();
        emit(StreamMarker.GRAIN_DIRECTORY.encode(GrainTables.sectorsFor(directory.length)));
        long gdSector = sector;
        emit(intsLe(directory));
        padSector();
        emit(StreamMarker.FOOTER.encode(1));
        SparseExtentHeader footer = new SparseExtentHeader(ByteBuffer.allocate(SparseExtentHeader.SIZE).put(header.buffer()).flip());
        emit(footer.gdOffset(gdSector).buffer());
        emit(StreamMarker.END_OF_STREAM.encode(0));
        if (out instanceof FileChannel fc) {
            fc.force(true);
        }
    }

    private static ByteBuffer intsLe(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return b;
    }

    private void checkSector(long s) throws FormatException {
        if (s > 0xffffffffL) {
            throw new FormatException(name + ": stream exceeds the 2 TiB that 32-bit grain table entries can address");
        }
    }

    private void emit(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            written += out.write(b);
        }
        sector = written / VmdkLimits.SECTOR;
    }

    private void padSector() throws IOException {
        padTo((written + VmdkLimits.SECTOR - 1) / VmdkLimits.SECTOR * VmdkLimits.SECTOR);
    }

    private void padTo(long target) throws IOException {
        if (target > written) {
            emit(ByteBuffer.allocate((int) (target - written)));
        }
    }

    @Override
    public void close() throws IOException {
        deflater.end();
        out.close();
    }
}
