package io.vmferry.formats.vhdx;

import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.internal.Buffers;
import io.vmferry.formats.internal.Guid;
import io.vmferry.formats.internal.ImageTargets;
import io.vmferry.formats.internal.WriteCursor;
import io.vmferry.formats.io.FileWrites;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Sequential writer of dynamic VHDX files. Layout:
 *
 * <pre>
 * 0      header section (identifier, two headers, two region tables), written at finish
 * 1 MiB  log, 1 MiB, empty (log GUID zero)
 * 2 MiB  metadata region, 1 MiB
 * 3 MiB  BAT region, rounded up to 1 MiB
 * ...    payload blocks, appended as guest offsets are first written (FULLY_PRESENT)
 * </pre>
 *
 * Each BAT entry is written in place when its block is allocated, so memory does not grow with
 * the disk. The virtual size is rounded up to the 512-byte logical sector.
 */
public final class VhdxWriter implements BlockWriter {
    static final int SECTOR = 512;
    private static final long MB = VhdxReader.MB;
    private static final long LOG_OFFSET = MB;
    private static final long METADATA_OFFSET = 2 * MB;
    private static final long BAT_OFFSET = 3 * MB;
    private static final long STATE_FULLY_PRESENT = 6;

    private final RandomAccessFile raf;
    private final FileChannel channel;
    private final long size;
    private final long blockSize;
    private final long chunkRatio;
    private final long batLength;
    private final WriteCursor cursor;
    private long lastBlock = -1;
    private long lastHost;
    private long nextFree;

    private VhdxWriter(RandomAccessFile raf, long size, VhdxWriterOptions options) {
        this.raf = raf;
        this.channel = raf.getChannel();
        this.size = size;
        this.blockSize = options.blockSize();
        this.chunkRatio = (1L << 23) * SECTOR / blockSize;
        long payload = Math.ceilDiv(size, blockSize);
        long entries = payload == 0 ? 0 : payload + (payload - 1) / chunkRatio;
        this.batLength = Math.max(MB, Buffers.alignUp(entries * 8, MB));
        this.nextFree = BAT_OFFSET + batLength;
        this.cursor = new WriteCursor(size);
    }

    /** Creates (or truncates) {@code path}; {@code size} (at least 1) is rounded up to 512 bytes. */
    public static VhdxWriter create(Path path, long size, VhdxWriterOptions options) throws IOException {
        if (size <= 0 || size > VhdxMetadata.MAX_VIRTUAL_SIZE) {
            // an empty VHDX is legal, but qemu's BAT sizing underflows on it and refuses to open it
            throw new IllegalArgumentException("VHDX virtual size " + size + " outside [1, 64 TiB]");
        }
        return ImageTargets.open(path, 0, raf -> new VhdxWriter(raf, Buffers.alignUp(size, SECTOR), options));
    }

    @Override
    public String format() {
        return VhdxFormat.NAME;
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
            long inBlock = pos % blockSize;
            int n = (int) Math.min(src.remaining(), blockSize - inBlock);
            long host = hostBlock(pos / blockSize);
            FileWrites.writeFully(channel, host + inBlock, src.slice(src.position(), n));
            src.position(src.position() + n);
            pos += n;
        }
    }

    @Override
    public void zero(long offset, long length) {
        cursor.advance(offset, length);
    }

    private long hostBlock(long block) throws IOException {
        if (block == lastBlock) {
            return lastHost;
        }
        long host = nextFree;
        nextFree += blockSize;
        ByteBuffer entry = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        entry.putLong(0, (host / MB) << 20 | STATE_FULLY_PRESENT);
        FileWrites.writeFully(channel, BAT_OFFSET + 8 * (block + block / chunkRatio), entry);
        lastBlock = block;
        lastHost = host;
        return host;
    }

    @Override
    public void finish() throws IOException {
        cursor.finish();
        raf.setLength(Math.max(raf.length(), nextFree));
        FileWrites.writeFully(channel, METADATA_OFFSET, metadata());
        ByteBuffer id = ByteBuffer.allocate(8 + 512);
        id.put(VhdxLayout.FILE_SIGNATURE.getBytes(StandardCharsets.US_ASCII));
        id.put("vmferry".getBytes(StandardCharsets.UTF_16LE));
        FileWrites.writeFully(channel, 0, id.clear());
        UUID fileWrite = Guid.random();
        UUID dataWrite = Guid.random();
        FileWrites.writeFully(channel, VhdxHeader.HEADER1_OFFSET, VhdxHeader.build(0, fileWrite, dataWrite, LOG_OFFSET, (int) MB));
        FileWrites.writeFully(channel, VhdxHeader.HEADER2_OFFSET, VhdxHeader.build(1, fileWrite, dataWrite, LOG_OFFSET, (int) MB));
        ByteBuffer regions = VhdxRegionTable.build(
                new VhdxRegionTable.Entry(VhdxGuids.BAT_REGION, BAT_OFFSET, batLength, true),
                new VhdxRegionTable.Entry(VhdxGuids.METADATA_REGION, METADATA_OFFSET, MB, true));
        FileWrites.writeFully(channel, VhdxRegionTable.TABLE1_OFFSET, regions.duplicate());
        FileWrites.writeFully(channel, VhdxRegionTable.TABLE2_OFFSET, regions.duplicate());
        channel.force(true);
    }

    private ByteBuffer metadata() {
        ByteBuffer b = ByteBuffer.allocate(VhdxMetadata.TABLE_LENGTH + 40).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, VhdxMetadata.SIGNATURE);
        b.putShort(VhdxMetadata.ENTRY_COUNT_OFFSET, (short) 5);
        int data = VhdxMetadata.TABLE_LENGTH;
        int required = VhdxMetadata.FLAG_REQUIRED;
        int disk = VhdxMetadata.FLAG_REQUIRED | VhdxMetadata.FLAG_VIRTUAL_DISK;
        entry(b, 0, VhdxGuids.FILE_PARAMETERS, data, 8, required);
        entry(b, 1, VhdxGuids.VIRTUAL_DISK_SIZE, data + 8, 8, disk);
        entry(b, 2, VhdxGuids.VIRTUAL_DISK_ID, data + 16, 16, disk);
        entry(b, 3, VhdxGuids.LOGICAL_SECTOR_SIZE, data + 32, 4, disk);
        entry(b, 4, VhdxGuids.PHYSICAL_SECTOR_SIZE, data + 36, 4, disk);
        b.putInt(data, (int) blockSize).putInt(data + 4, 0);
        b.putLong(data + 8, size);
        Guid.put(b, data + 16, Guid.random());
        b.putInt(data + 32, SECTOR).putInt(data + 36, 4096);
        return b;
    }

    private static void entry(ByteBuffer b, int i, UUID id, int offset, int length, int flags) {
        int at = VhdxMetadata.ENTRIES_OFFSET + i * VhdxMetadata.ENTRY_LENGTH;
        Guid.put(b, at, id);
        b.putInt(at + 16, offset).putInt(at + 20, length).putInt(at + 24, flags);
    }

    @Override
    public void close() throws IOException {
        raf.close();
    }
}
