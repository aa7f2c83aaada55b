package io.vmferry.formats.vpc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Flyweight over the VHD dynamic disk header ("Dynamic Disk Header Format"), 1024 bytes at the
 * footer's Data Offset, big-endian:
 *
 * <pre>
 * Offset Size Field
 *      0    8 Cookie               "cxsparse"
 *      8    8 Data Offset          all ones
 *     16    8 Table Offset         absolute offset of the BAT (u32 sector numbers, all ones = absent)
 *     24    4 Header Version       0x00010000
 *     28    4 Max Table Entries
 *     32    4 Block Size           default 2 MiB; each block is preceded by its sector bitmap
 *                                  (1 bit per 512-byte sector, MSB first, padded to 512 bytes)
 *     36    4 Checksum             one's complement of the byte sum, this field excluded
 *     40   16 Parent Unique ID     \
 *     56    4 Parent Time Stamp     | differencing disks only
 *     64  512 Parent Unicode Name   |
 *    576  192 Parent Locators      /
 *    768  256 Reserved
 * </pre>
 */
final class VpcDynamicHeader {
    // DO NOT MODIFY: on-disk format constants.
    static final String COOKIE = "cxsparse";
    static final int LENGTH = 1024;
    static final int TABLE_OFFSET_OFFSET = 16;
    static final int MAX_TABLE_ENTRIES_OFFSET = 28;
    static final int BLOCK_SIZE_OFFSET = 32;
    static final int CHECKSUM_OFFSET = 36;

    private final ByteBuffer buf;

    VpcDynamicHeader(ByteBuffer buf) {
        this.buf = buf.duplicate().order(ByteOrder.BIG_ENDIAN);
    }

    long tableOffset() { return buf.getLong(TABLE_OFFSET_OFFSET); }
    long maxTableEntries() { return Integer.toUnsignedLong(buf.getInt(MAX_TABLE_ENTRIES_OFFSET)); }
    long blockSize() { return Integer.toUnsignedLong(buf.getInt(BLOCK_SIZE_OFFSET)); }
    int checksum() { return buf.getInt(CHECKSUM_OFFSET); }

    /** Null when the cookie, checksum and block size are right, else why not. */
    String validate() {
        byte[] cookie = new byte[8];
        buf.get(0, cookie);
        if (buf.limit() != LENGTH || !new String(cookie, StandardCharsets.ISO_8859_1).equals(COOKIE)) {
            return "bad dynamic header cookie";
        }
        int computed = VpcFooter.checksum(buf, CHECKSUM_OFFSET);
        if (computed != checksum()) {
            return String.format("bad dynamic header checksum (stored 0x%08x, computed 0x%08x)", checksum(), computed);
        }
        if (blockSize() < 512 || blockSize() > (256 << 20) || Long.bitCount(blockSize()) != 1) {
            return "bad block size " + blockSize();
        }
        return null;
    }
}
