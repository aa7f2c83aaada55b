package io.vmferry.formats.vhdx;

import io.vmferry.formats.internal.Guid;
import io.vmferry.formats.internal.ImageFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The metadata region (MS-VHDX 2.6), little-endian:
 *
 * <pre>
 * Table header (offset 0 of the region, 64 KiB table):
 *    0  8 Signature   "metadata"
 *    8  2 Reserved
 *   10  2 EntryCount  at most 2047
 *   12 20 Reserved
 * Entry (32 bytes each, from offset 32):
 *    0 16 ItemId      File Parameters CAA16737-..., Virtual Disk Size 2FA54224-...,
 *                     Logical Sector Size 8141BF1D-..., Physical Sector Size CDA348C7-...,
 *                     Virtual Disk Id BECA12AB-..., Parent Locator A8D35F2D-...
 *   16  4 Offset      from the start of the region, at least 64 KiB
 *   20  4 Length      at most 1 MiB
 *   24  4 Flags       bit 0 IsUser, 1 IsVirtualDisk, 2 IsRequired
 *   28  4 Reserved
 * File Parameters item: BlockSize u32 (1 MiB .. 256 MiB, power of 2), Flags u32
 *   (bit 0 LeaveBlocksAllocated, bit 1 HasParent)
 * </pre>
 *
 * @param parentLocator key/value pairs of the parent locator, empty without a parent
 */
record VhdxMetadata(long blockSize, boolean leaveAllocated, boolean hasParent, long virtualSize,
                    int logicalSectorSize, Map<String, String> parentLocator) {
    // DO NOT MODIFY: on-disk format constants.
    static final long SIGNATURE = 0x617461646174656dL; // "metadata" little-endian
    static final int TABLE_LENGTH = 64 * 1024;
    static final int ENTRY_COUNT_OFFSET = 10;
    static final int ENTRIES_OFFSET = 32;
    static final int ENTRY_LENGTH = 32;
    static final int MAX_ENTRIES = 2047;
    static final int MAX_ITEM_LENGTH = 1 << 20;
    static final int FLAG_VIRTUAL_DISK = 2;
    static final int FLAG_REQUIRED = 4;
    static final long MAX_VIRTUAL_SIZE = 64L << 40;
    private static final Set<UUID> KNOWN = Set.of(VhdxGuids.FILE_PARAMETERS, VhdxGuids.VIRTUAL_DISK_SIZE,
            VhdxGuids.VIRTUAL_DISK_ID, VhdxGuids.LOGICAL_SECTOR_SIZE, VhdxGuids.PHYSICAL_SECTOR_SIZE,
            VhdxGuids.PARENT_LOCATOR);

    /** Parses and validates the region at {@code [offset, offset + length)}. */
    static VhdxMetadata read(ImageFile file, long offset, long length) throws IOException {
        if (length < TABLE_LENGTH) {
            throw file.error("metadata region length " + length + " is smaller than its table");
        }
        ByteBuffer table = file.read(offset, TABLE_LENGTH, ByteOrder.LITTLE_ENDIAN, "metadata table");
        if (table.getLong(0) != SIGNATURE) {
            throw file.error("bad metadata table signature");
        }
        int count = Short.toUnsignedInt(table.getShort(ENTRY_COUNT_OFFSET));
        if (count > MAX_ENTRIES) {
            throw file.error("metadata entry count " + count + " > " + MAX_ENTRIES);
        }
        Map<UUID, ByteBuffer> items = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int at = ENTRIES_OFFSET + i * ENTRY_LENGTH;
            UUID id = Guid.get(table, at);
            long itemOff = Integer.toUnsignedLong(table.getInt(at + 16));
            long itemLen = Integer.toUnsignedLong(table.getInt(at + 20));
            int flags = table.getInt(at + 24);
            if (!KNOWN.contains(id)) {
                if ((flags & FLAG_REQUIRED) != 0) {
                    throw file.error("unknown required metadata item " + id);
                }
                continue;
            }
            if (itemLen > MAX_ITEM_LENGTH || itemLen > 0 && itemOff < TABLE_LENGTH || itemOff + itemLen > length) {
                throw file.error("metadata item " + id + " at " + itemOff + " length " + itemLen + " is out of range");
            }
            if (items.put(id, file.read(offset + itemOff, (int) itemLen, ByteOrder.LITTLE_ENDIAN, "metadata item")) != null) {
                throw file.error("duplicate metadata item " + id);
            }
        }
        return parse(file, items);
    }

    private static VhdxMetadata parse(ImageFile file, Map<UUID, ByteBuffer> items) throws IOException {
        ByteBuffer params = item(file, items, VhdxGuids.FILE_PARAMETERS, 8, "file parameters");
        long blockSize = Integer.toUnsignedLong(params.getInt(0));
        int flags = params.getInt(4);
        if (blockSize < (1 << 20) || blockSize > (256 << 20) || Long.bitCount(blockSize) != 1) {
            throw file.error("bad block size " + blockSize);
        }
        long size = item(file, items, VhdxGuids.VIRTUAL_DISK_SIZE, 8, "virtual disk size").getLong(0);
        int lss = item(file, items, VhdxGuids.LOGICAL_SECTOR_SIZE, 4, "logical sector size").getInt(0);
        if (lss != 512 && lss != 4096) {
            throw file.error("bad logical sector size " + lss);
        }
        if (size < 0 || size > MAX_VIRTUAL_SIZE || size % lss != 0) {
            throw file.error("bad virtual disk size " + size);
        }
        boolean hasParent = (flags & 2) != 0;
        Map<String, String> locator = Map.of();
        if (hasParent) {
            ByteBuffer loc = items.get(VhdxGuids.PARENT_LOCATOR);
            if (loc == null) {
                throw file.error("differencing image without a parent locator");
            }
            locator = VhdxParentLocator.parse(file, loc);
        }
        return new VhdxMetadata(blockSize, (flags & 1) != 0, hasParent, size, lss, locator);
    }

    private static ByteBuffer item(ImageFile file, Map<UUID, ByteBuffer> items, UUID id, int minLen, String what)
            throws IOException {
        ByteBuffer b = items.get(id);
        if (b == null || b.limit() < minLen) {
            throw file.error("missing or short metadata item: " + what);
        }
        return b;
    }

    /** Payload blocks covering the disk. */
    long payloadBlocks() {
        return Math.ceilDiv(virtualSize, blockSize);
    }

    /** Payload blocks per sector bitmap block: 2^23 * logical sector size / block size. */
    long chunkRatio() {
        return (1L << 23) * logicalSectorSize / blockSize;
    }

    /** BAT entries the region must hold (MS-VHDX 2.5). */
    long batEntries() {
        long pb = payloadBlocks();
        long cr = chunkRatio();
        if (hasParent) {
            return Math.ceilDiv(pb, cr) * (cr + 1);
        }
        return pb == 0 ? 0 : pb + (pb - 1) / cr;
    }
}
