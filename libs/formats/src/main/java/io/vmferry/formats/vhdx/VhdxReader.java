package io.vmferry.formats.vhdx;

import io.vmferry.formats.api.BackingChain;
import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.ImageFormats;
import io.vmferry.formats.internal.Guid;
import io.vmferry.formats.internal.ImageFile;
import io.vmferry.formats.internal.LruCache;
import io.vmferry.formats.internal.MappedReader;
import io.vmferry.formats.internal.PagedTable;
import io.vmferry.formats.internal.Run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Reads fixed, dynamic and differencing VHDX files (MS-VHDX): file identifier, the current header
 * (the valid one with the larger sequence number; CRC-32C checked), region table (CRC-32C checked,
 * copy 2 when copy 1 is damaged), metadata, the BAT (paged) and, for differencing files, sector
 * bitmaps and the parent found through the parent locator. A file whose log is not empty is
 * refused: replaying the log is not implemented.
 *
 * <pre>
 * BAT entry (64 bits): bits 0-2 state, 20-63 FileOffsetMB
 * payload states: 0 NOT_PRESENT (parent / zeros), 1 UNDEFINED (parent / zeros), 2 ZERO,
 *                 3 UNMAPPED (zeros), 6 FULLY_PRESENT, 7 PARTIALLY_PRESENT (sector bitmap)
 * BAT index of payload block i: i + i / chunkRatio; of the sector bitmap of chunk c:
 *   c * (chunkRatio + 1) + chunkRatio. Sector bitmap bit n (LSB first) = sector n is here.
 * </pre>
 */
public final class VhdxReader extends MappedReader {
    static final long MB = 1 << 20;
    private static final long MAX_MERGED_BLOCKS = 1 << 16;
    private final VhdxMetadata meta;
    private final PagedTable bat;
    private final UUID dataWriteGuid;
    private final LruCache<Long, ByteBuffer> bitmaps = new LruCache<>(16);

    private VhdxReader(ImageFile file, VhdxMetadata meta, PagedTable bat, UUID dataWriteGuid) {
        super(file, meta.virtualSize());
        this.meta = meta;
        this.bat = bat;
        this.dataWriteGuid = dataWriteGuid;
    }

    /** Opens {@code path} as the top of a new chain. */
    public static VhdxReader open(Path path) throws IOException {
        return open(path, BackingChain.root().descend(path));
    }

    /** Opens {@code path}; {@code chain} already includes it. */
    public static VhdxReader open(Path path, BackingChain chain) throws IOException {
        ImageFile file = ImageFile.open(path);
        try {
            VhdxHeader header = VhdxLayout.currentHeader(file);
            if (!Guid.isNil(header.logGuid())) {
                throw file.error("the VHDX log is not empty (log GUID " + header.logGuid()
                        + "); replaying it is not supported: open the image once in Hyper-V or qemu to replay it");
            }
            VhdxRegionTable regions = VhdxLayout.regionTable(file);
            VhdxRegionTable.Entry batRegion = VhdxLayout.region(file, regions, VhdxGuids.BAT_REGION);
            VhdxRegionTable.Entry metaRegion = VhdxLayout.region(file, regions, VhdxGuids.METADATA_REGION);
            VhdxMetadata meta = VhdxMetadata.read(file, metaRegion.fileOffset(), metaRegion.length());
            long entries = meta.batEntries();
            if (entries * 8 > batRegion.length()) {
                throw file.error("BAT region of " + batRegion.length() + " bytes cannot hold " + entries + " entries");
            }
            PagedTable bat = new PagedTable(file, batRegion.fileOffset(), entries, 8, ByteOrder.LITTLE_ENDIAN, "BAT");
            VhdxReader reader = new VhdxReader(file, meta, bat, header.dataWriteGuid());
            if (meta.hasParent()) {
                reader.setBacking(openParent(file, meta, chain));
            }
            return reader;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static BlockReader openParent(ImageFile file, VhdxMetadata meta, BackingChain chain) throws IOException {
        Path dir = file.path().toAbsolutePath().getParent();
        Path parent = null;
        for (String key : new String[] {"relative_path", "absolute_win32_path", "volume_path"}) {
            String value = meta.parentLocator().get(key);
            if (value != null) {
                Path candidate = dir.resolve(value.replace('\\', '/')).normalize();
                if (parent == null || candidate.toFile().isFile()) {
                    parent = candidate;
                    if (candidate.toFile().isFile()) {
                        break;
                    }
                }
            }
        }
        if (parent == null) {
            throw file.error("differencing image whose parent locator has no path");
        }
        BlockReader reader = ImageFormats.openBacking(file.path(), parent, VhdxFormat.NAME, chain);
        String linkage = meta.parentLocator().get("parent_linkage");
        UUID expected = parseGuid(linkage);
        if (expected != null && !expected.equals(((VhdxReader) reader).dataWriteGuid)) {
            reader.close();
            throw file.error("parent " + parent + " has data write GUID " + ((VhdxReader) reader).dataWriteGuid
                    + ", the locator expects " + expected);
        }
        return reader;
    }

    private static UUID parseGuid(String text) {
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text.replace("{", "").replace("}", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String format() {
        return VhdxFormat.NAME;
    }

    /** Payload block size in bytes. */
    public long blockSize() {
        return meta.blockSize();
    }

    /** The header's DataWriteGuid, which a child's parent_linkage names. */
    public UUID dataWriteGuid() {
        return dataWriteGuid;
    }

    @Override
    protected Run map(long offset, long maxLength) throws IOException {
        long bs = meta.blockSize();
        long block = offset / bs;
        long inBlock = offset % bs;
        long len = Math.min(maxLength, bs - inBlock);
        long entry = bat.get(block + block / meta.chunkRatio());
        long host = (entry >>> 20) * MB;
        return switch ((int) (entry & 7)) {
            case 0, 1 -> Run.hole(sameStateRun(block, len, maxLength, 0, 1));
            case 2, 3 -> Run.zero(sameStateRun(block, len, maxLength, 2, 3));
            case 6 -> {
                if (host == 0) {
                    throw file.error("BAT entry of block " + block + " is present at file offset 0");
                }
                yield Run.data(len, host + inBlock);
            }
            case 7 -> partial(block, inBlock, len, host);
            default -> throw file.error("BAT entry of block " + block + " has invalid state " + (entry & 7));
        };
    }

    /** Extends a run over following blocks whose state is {@code a} or {@code b}, up to {@code maxLength}. */
    private long sameStateRun(long block, long len, long maxLength, int a, int b) throws IOException {
        long bs = meta.blockSize();
        long blocks = meta.payloadBlocks();
        for (long next = block + 1; len < maxLength && next < blocks && next - block <= MAX_MERGED_BLOCKS; next++) {
            int state = (int) (bat.get(next + next / meta.chunkRatio()) & 7);
            if (state != a && state != b) {
                break;
            }
            len = Math.min(maxLength, len + bs);
        }
        return len;
    }

    private Run partial(long block, long inBlock, long len, long host) throws IOException {
        if (!meta.hasParent()) {
            throw file.error("block " + block + " is partially present in an image without a parent");
        }
        ByteBuffer bitmap = bitmap(block);
        int lss = meta.logicalSectorSize();
        long sector = inBlock / lss;
        boolean present = bit(bitmap, sector);
        long end = sector + 1;
        long lastSector = (inBlock + len - 1) / lss;
        while (end <= lastSector && bit(bitmap, end) == present) {
            end++;
        }
        long runLen = Math.min(len, end * lss - inBlock);
        return present ? Run.data(runLen, host + inBlock) : Run.hole(runLen);
    }

    private static boolean bit(ByteBuffer bitmap, long sector) {
        return (bitmap.get((int) (sector >>> 3)) >>> (sector & 7) & 1) != 0;
    }

    private ByteBuffer bitmap(long block) throws IOException {
        ByteBuffer cached = bitmaps.get(block);
        if (cached != null) {
            return cached;
        }
        long ratio = meta.chunkRatio();
        long chunk = block / ratio;
        long entry = bat.get(chunk * (ratio + 1) + ratio);
        if ((entry & 7) != 6) {
            throw file.error("sector bitmap of block " + block + " is not present (state " + (entry & 7) + ")");
        }
        int bytes = (int) (meta.blockSize() / meta.logicalSectorSize() / 8);
        long at = (entry >>> 20) * MB + (block % ratio) * bytes;
        ByteBuffer b = file.read(at, bytes, ByteOrder.LITTLE_ENDIAN, "sector bitmap");
        bitmaps.put(block, b);
        return b;
    }
}
