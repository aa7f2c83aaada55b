package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.FormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a streamOptimized VMDK (the form vSphere and OVF/OVA import) strictly front to back, so
 * the output may be a pipe. Layout: header ({@code gdOffset = GD_AT_END}, compressed + markers
 * flags, version 3) and embedded descriptor, padding to sector 128, then for each grain a grain
 * marker with its zlib-compressed data; after the last grain of a grain table, a GT marker and the
 * table (tables without grains are omitted: GD entry 0); at the end a GD marker and the grain
 * directory, a footer marker and the footer (the header with the real gdOffset), and an
 * end-of-stream marker. Grains are deflated by a {@link ParallelGrainDeflater} (one thread per
 * processor by default) and written here in ascending order, so the stream does not depend on the
 * number of threads. Memory: two grains and their compressed copies per deflating thread, one table
 * and the directory.
 */
final class StreamOptimizedWriter extends GrainWriter {
    static final long GRAIN_SECTORS = 128;
    static final int GTES_PER_GT = 512;
    static final long OVERHEAD_SECTORS = 128;

    private final WritableByteChannel out;
    private final SparseExtentHeader header;
    private final ParallelGrainDeflater deflater;
    private final int[] directory;
    private final int[] table = new int[GTES_PER_GT];
    private long tableIndex = -1;
    private boolean tableUsed;
    private long written;
    private long sector;

    StreamOptimizedWriter(String name, WritableByteChannel out, long size, VmdkWriterOptions options) throws IOException {
        this(name, out, size, options, ParallelGrainDeflater.defaultThreads(), ParallelGrainDeflater.DEFLATE);
    }

    /** A writer deflating on {@code threads} threads with {@code compress} (tests inject failures there). */
    StreamOptimizedWriter(String name, WritableByteChannel out, long size, VmdkWriterOptions options, int threads,
            ParallelGrainDeflater.Compress compress) throws IOException {
        super(name, size, GRAIN_SECTORS);
        this.out = out;
        long gts = (capacitySectors + GRAIN_SECTORS * GTES_PER_GT - 1) / (GRAIN_SECTORS * GTES_PER_GT);
        if (gts > VmdkLimits.MAX_GD_ENTRIES) {
            throw new IllegalArgumentException(name + ": size " + size + " needs too many grain tables");
        }
        this.directory = new int[(int) gts];
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
        this.deflater = new ParallelGrainDeflater(name, options.compressionLevel(), grainBytes, threads, this::emitGrain,
                compress);
    }

    @Override
    protected void writeGrain(long index, byte[] data) throws IOException {
        deflater.submit(index, data);
    }

    /** Writes grain {@code index}: {@code buf} holds room for the marker, then {@code n} compressed bytes. */
    private void emitGrain(long index, byte[] buf, int n) throws IOException {
        long t = index / GTES_PER_GT;
        if (t != tableIndex) {
            flushTable();
            tableIndex = t;
        }
        long at = sector;
        checkSector(at);
        ByteBuffer grain = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        grain.putLong(StreamMarker.LBA_OFFSET, index * GRAIN_SECTORS).putInt(StreamMarker.SIZE_OFFSET, n);
        int end = StreamMarker.GRAIN_HEADER_SIZE + n;
        int padded = (end + VmdkLimits.SECTOR - 1) / VmdkLimits.SECTOR * VmdkLimits.SECTOR;
        Arrays.fill(buf, end, padded, (byte) 0);
        emit(grain.limit(padded));
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
        Arrays.fill(table, 0);
        tableUsed = false;
    }

    @Override
    protected void complete() throws IOException {
        deflater.drain();
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
        try {
            if (deflater != null) {
                deflater.close();
            }
        } finally {
            out.close();
        }
    }
}
