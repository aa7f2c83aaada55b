package io.vmferry.formats.vhdx;

import io.vmferry.formats.internal.Guid;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds differencing VHDX files for tests (qemu cannot create them): 1 MiB blocks, 512-byte
 * sectors, one sector bitmap block at 4 MiB, payload blocks from 5 MiB on.
 */
final class VhdxDiffBuilder {
    static final long MB = 1 << 20;
    private static final long BAT_AT = 3 * MB;
    private static final long BITMAP_AT = 4 * MB;
    private final long size;
    private final Map<String, String> locator = new LinkedHashMap<>();
    private final Map<Long, Long> bat = new LinkedHashMap<>();
    private final Map<Long, byte[]> blocks = new LinkedHashMap<>();
    private final Map<Long, byte[]> bitmaps = new LinkedHashMap<>();
    private long nextBlockAt = 5 * MB;

    VhdxDiffBuilder(long size, UUID parentDataWrite, String relativePath) {
        this.size = size;
        locator.put("parent_linkage", "{" + parentDataWrite + "}");
        locator.put("relative_path", relativePath);
    }

    /** Sets payload block {@code block} to {@code state} (0, 1, 2 or 3: no data). */
    VhdxDiffBuilder state(long block, int state) {
        bat.put(block, (long) state);
        return this;
    }

    /** Stores {@code data} (1 MiB) for {@code block}; with a sector bitmap it is partially present. */
    VhdxDiffBuilder data(long block, byte[] data, byte[] sectorBitmap) {
        bat.put(block, (nextBlockAt / MB) << 20 | (sectorBitmap == null ? 6 : 7));
        blocks.put(nextBlockAt, data);
        if (sectorBitmap != null) {
            bitmaps.put(block, sectorBitmap);
        }
        nextBlockAt += MB;
        return this;
    }

    void write(Path path) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            f.setLength(0);
            f.setLength(nextBlockAt);
            f.write("vhdxfile".getBytes());
            UUID fw = UUID.randomUUID();
            UUID dw = UUID.randomUUID();
            put(f, VhdxHeader.HEADER1_OFFSET, VhdxHeader.build(1, fw, dw, MB, (int) MB));
            put(f, VhdxHeader.HEADER2_OFFSET, VhdxHeader.build(2, fw, dw, MB, (int) MB));
            ByteBuffer rt = VhdxRegionTable.build(new VhdxRegionTable.Entry(VhdxGuids.BAT_REGION, BAT_AT, MB, true),
                    new VhdxRegionTable.Entry(VhdxGuids.METADATA_REGION, 2 * MB, MB, true));
            put(f, VhdxRegionTable.TABLE1_OFFSET, rt.duplicate());
            put(f, VhdxRegionTable.TABLE2_OFFSET, rt.duplicate());
            put(f, 2 * MB, metadata());
            long chunkRatio = 4096;
            for (Map.Entry<Long, Long> e : bat.entrySet()) {
                long index = e.getKey() + e.getKey() / chunkRatio;
                put(f, BAT_AT + 8 * index, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, e.getValue()));
            }
            put(f, BAT_AT + 8 * chunkRatio, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(0, (BITMAP_AT / MB) << 20 | 6));
            for (Map.Entry<Long, byte[]> e : bitmaps.entrySet()) {
                put(f, BITMAP_AT + e.getKey() * 256, ByteBuffer.wrap(e.getValue()));
            }
            for (Map.Entry<Long, byte[]> e : blocks.entrySet()) {
                put(f, e.getKey(), ByteBuffer.wrap(e.getValue()));
            }
        }
    }

    private ByteBuffer metadata() {
        ByteBuffer loc = VhdxParentLocator.build(locator);
        ByteBuffer b = ByteBuffer.allocate(VhdxMetadata.TABLE_LENGTH + 40 + loc.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, VhdxMetadata.SIGNATURE).putShort(VhdxMetadata.ENTRY_COUNT_OFFSET, (short) 4);
        int d = VhdxMetadata.TABLE_LENGTH;
        entry(b, 0, VhdxGuids.FILE_PARAMETERS, d, 8);
        entry(b, 1, VhdxGuids.VIRTUAL_DISK_SIZE, d + 8, 8);
        entry(b, 2, VhdxGuids.LOGICAL_SECTOR_SIZE, d + 16, 4);
        entry(b, 3, VhdxGuids.PARENT_LOCATOR, d + 40, loc.capacity());
        b.putInt(d, (int) MB).putInt(d + 4, 2).putLong(d + 8, size).putInt(d + 16, 512);
        b.put(d + 40, loc, 0, loc.capacity());
        return b;
    }

    private static void entry(ByteBuffer b, int i, UUID id, int offset, int length) {
        int at = VhdxMetadata.ENTRIES_OFFSET + i * VhdxMetadata.ENTRY_LENGTH;
        Guid.put(b, at, id);
        b.putInt(at + 16, offset).putInt(at + 20, length).putInt(at + 24, VhdxMetadata.FLAG_REQUIRED);
    }

    private static void put(RandomAccessFile f, long at, ByteBuffer b) throws IOException {
        f.getChannel().write(b.duplicate().clear(), at);
    }
}
