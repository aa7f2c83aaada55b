package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.FormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Grain directory and a bounded cache of grain tables of one sparse extent. A GD entry is the
 * sector of a grain table (0: table not allocated); a GT entry is the sector of a grain
 * (0: not allocated, 1: zeroed grain). Both are uint32 little-endian.
 */
final class GrainTables {
    /** Unallocated grain; also returned for a grain whose whole table is unallocated. */
    static final long UNALLOCATED = 0;
    /** Zeroed-grain GTE (version 2+, flag bit 2): reads as zeros, shadows the parent. */
    static final long ZEROED = 1;
    /** Cache budget in entries (4 MiB): 2048 default-sized tables. */
    private static final int CACHED_ENTRIES = 1 << 20;

    private final String name;
    private final FileChannel channel;
    private final long fileSize;
    private final int gtes;
    private final int[] directory;
    private final Map<Integer, int[]> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, int[]> eldest) {
            return size() > Math.max(1, CACHED_ENTRIES / gtes);
        }
    };

    private GrainTables(String name, FileChannel channel, long fileSize, int gtes, int[] directory) {
        this.name = name;
        this.channel = channel;
        this.fileSize = fileSize;
        this.gtes = gtes;
        this.directory = directory;
    }

    /** Reads and checks the grain directory at {@code gdSector}: every table must lie inside the file. */
    static GrainTables load(String name, FileChannel ch, long fileSize, SparseExtentHeader h, long gdSector, String what)
            throws IOException {
        int entries = (int) h.gdEntries();
        long gdSectors = sectorsFor(entries);
        VmdkLimits.checkRange(name, what, gdSector, gdSectors, fileSize);
        ByteBuffer buf = ByteBuffer.allocate(entries * 4).order(ByteOrder.LITTLE_ENDIAN);
        FlatExtent.readFully(ch, name, gdSector * VmdkLimits.SECTOR, buf);
        int[] gd = new int[entries];
        long gtSectors = sectorsFor(h.numGtesPerGt());
        for (int i = 0; i < entries; i++) {
            gd[i] = buf.getInt(i * 4);
            if (gd[i] != 0) {
                VmdkLimits.checkRange(name, what + " entry " + i + ": grain table", Integer.toUnsignedLong(gd[i]), gtSectors, fileSize);
            }
        }
        return new GrainTables(name, ch, fileSize, h.numGtesPerGt(), gd);
    }

    static long sectorsFor(long entries) {
        return (entries * 4 + VmdkLimits.SECTOR - 1) / VmdkLimits.SECTOR;
    }

    int entriesPerTable() {
        return gtes;
    }

    /** True when the table covering grain {@code grain} is allocated. */
    boolean tableAllocated(long grain) {
        long t = grain / gtes;
        return t < directory.length && directory[(int) t] != 0;
    }

    /** The GT entry of {@code grain} as an unsigned sector number, {@link #UNALLOCATED} or {@link #ZEROED}. */
    long entry(long grain) throws IOException {
        long t = grain / gtes;
        if (t >= directory.length || directory[(int) t] == 0) {
            return UNALLOCATED;
        }
        return Integer.toUnsignedLong(table((int) t)[(int) (grain % gtes)]);
    }

    private int[] table(int t) throws IOException {
        int[] gt = cache.get(t);
        if (gt != null) {
            return gt;
        }
        ByteBuffer buf = ByteBuffer.allocate(gtes * 4).order(ByteOrder.LITTLE_ENDIAN);
        long sector = Integer.toUnsignedLong(directory[t]);
        FlatExtent.readFully(channel, name, sector * VmdkLimits.SECTOR, buf);
        gt = new int[gtes];
        long fileSectors = fileSize / VmdkLimits.SECTOR;
        for (int i = 0; i < gtes; i++) {
            gt[i] = buf.getInt(i * 4);
            long s = Integer.toUnsignedLong(gt[i]);
            if (s > ZEROED && s >= fileSectors) {
                throw new FormatException(name + ": grain table " + t + " entry " + i + " points to sector " + s
                        + " beyond the end of the file (" + fileSize + " bytes)");
            }
        }
        cache.put(t, gt);
        return gt;
    }
}
