package io.vmferry.formats.vpc;

import io.vmferry.formats.internal.ImageFile;
import io.vmferry.formats.internal.LruCache;
import io.vmferry.formats.internal.MappedReader;
import io.vmferry.formats.internal.PagedTable;
import io.vmferry.formats.internal.Run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reads fixed and dynamic VHD ({@code vpc}) images: footer (checksum verified; the copy at offset
 * 0 is used when the trailing one is damaged), dynamic header, BAT (paged) and per-block sector
 * bitmaps (a clear bit reads as zeros). Differencing VHDs are refused.
 */
public final class VpcReader extends MappedReader {
    /** Largest disk accepted: the VHD format tops out near 2 TiB, allow some slack. */
    static final long MAX_SIZE = 4L << 40;
    private static final long UNALLOCATED = 0xffff_ffffL;
    private static final long MAX_MERGED_BLOCKS = 1 << 16;

    private final PagedTable bat;
    private final long blockSize;
    private final int bitmapBytes;
    private final LruCache<Long, ByteBuffer> bitmaps = new LruCache<>(16);

    private VpcReader(ImageFile file, long size, PagedTable bat, long blockSize) {
        super(file, size);
        this.bat = bat;
        this.blockSize = blockSize;
        this.bitmapBytes = (int) ((blockSize / 512 / 8 + 511) & ~511L);
    }

    /** Opens {@code path}. */
    public static VpcReader open(Path path) throws IOException {
        ImageFile file = ImageFile.open(path);
        try {
            return open(file);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static VpcReader open(ImageFile file) throws IOException {
        if (file.size() < VpcFooter.LENGTH) {
            throw file.error("file too small (" + file.size() + " bytes) for a VHD footer");
        }
        VpcFooter footer = new VpcFooter(file.read(file.size() - VpcFooter.LENGTH, VpcFooter.LENGTH,
                ByteOrder.BIG_ENDIAN, "VHD footer"));
        String err = footer.validate();
        if (err != null) {
            VpcFooter copy = new VpcFooter(file.read(0, VpcFooter.LENGTH, ByteOrder.BIG_ENDIAN, "VHD footer copy"));
            if (copy.validate() != null || copy.diskType() == VpcFooter.TYPE_FIXED) {
                throw file.error(err);
            }
            footer = copy;
        }
        footer.ensureSane(file, MAX_SIZE);
        long size = footer.virtualSize();
        return switch (footer.diskType()) {
            case VpcFooter.TYPE_FIXED -> {
                if (size > file.size() - VpcFooter.LENGTH) {
                    throw file.error("fixed VHD of " + size + " bytes is truncated to " + file.size() + " bytes");
                }
                yield new VpcReader(file, size, null, 0);
            }
            case VpcFooter.TYPE_DYNAMIC -> dynamic(file, footer, size);
            case VpcFooter.TYPE_DIFFERENCING -> throw file.error("differencing VHD images are not supported");
            default -> throw file.error("unknown VHD disk type " + footer.diskType());
        };
    }

    private static VpcReader dynamic(ImageFile file, VpcFooter footer, long size) throws IOException {
        long at = footer.dataOffset();
        file.checkRange(at, VpcDynamicHeader.LENGTH, "dynamic header");
        VpcDynamicHeader dh = new VpcDynamicHeader(file.read(at, VpcDynamicHeader.LENGTH, ByteOrder.BIG_ENDIAN,
                "dynamic header"));
        String err = dh.validate();
        if (err != null) {
            throw file.error(err);
        }
        long needed = Math.ceilDiv(size, dh.blockSize());
        if (dh.maxTableEntries() < needed) {
            throw file.error("BAT has " + dh.maxTableEntries() + " entries, the disk needs " + needed);
        }
        PagedTable bat = new PagedTable(file, dh.tableOffset(), needed, 4, ByteOrder.BIG_ENDIAN, "BAT");
        return new VpcReader(file, size, bat, dh.blockSize());
    }

    @Override
    public String format() {
        return VpcFormat.NAME;
    }

    @Override
    protected Run map(long offset, long maxLength) throws IOException {
        if (bat == null) {
            return Run.data(maxLength, offset);
        }
        long block = offset / blockSize;
        long inBlock = offset % blockSize;
        long len = Math.min(maxLength, blockSize - inBlock);
        long sectorNo = bat.get(block);
        if (sectorNo == UNALLOCATED) {
            long last = Math.min(bat.entries(), block + MAX_MERGED_BLOCKS);
            for (long next = block + 1; len < maxLength && next < last && bat.get(next) == UNALLOCATED; next++) {
                len = Math.min(maxLength, len + blockSize);
            }
            return Run.hole(len);
        }
        long blockStart = sectorNo * 512;
        ByteBuffer bitmap = bitmap(block, blockStart);
        long sector = inBlock / 512;
        boolean present = bit(bitmap, sector);
        long last = (inBlock + len - 1) / 512;
        long end = sector + 1;
        while (end <= last && bit(bitmap, end) == present) {
            end++;
        }
        long runLen = Math.min(len, end * 512 - inBlock);
        return present ? Run.data(runLen, blockStart + bitmapBytes + inBlock) : Run.zero(runLen);
    }

    private static boolean bit(ByteBuffer bitmap, long sector) {
        return (bitmap.get((int) (sector >>> 3)) & (0x80 >>> (sector & 7))) != 0;
    }

    private ByteBuffer bitmap(long block, long blockStart) throws IOException {
        ByteBuffer b = bitmaps.get(block);
        if (b == null) {
            b = file.read(blockStart, bitmapBytes, ByteOrder.BIG_ENDIAN, "sector bitmap of block " + block);
            bitmaps.put(block, b);
        }
        return b;
    }
}
