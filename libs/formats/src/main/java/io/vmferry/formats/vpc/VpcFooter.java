package io.vmferry.formats.vpc;

import io.vmferry.formats.internal.ImageFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Flyweight over the VHD footer (Virtual Hard Disk Image Format Specification, "Hard Disk Footer
 * Format"), 512 bytes at the end of every VHD and, for dynamic disks, copied at offset 0;
 * big-endian:
 *
 * <pre>
 * Offset Size Field
 *      0    8 Cookie              "conectix"
 *      8    4 Features            bit 1 reserved, always set
 *     12    4 File Format Version 0x00010000
 *     16    8 Data Offset         dynamic header offset; all ones for fixed disks
 *     24    4 Time Stamp
 *     28    4 Creator Application "vpc ", "qemu", "qem2", "win ", "d2v ", ...
 *     32    4 Creator Version
 *     36    4 Creator Host OS
 *     40    8 Original Size
 *     48    8 Current Size
 *     56    4 Disk Geometry       cylinders u16, heads u8, sectors per track u8
 *     60    4 Disk Type           2 fixed, 3 dynamic, 4 differencing
 *     64    4 Checksum            one's complement of the byte sum, this field excluded
 *     68   16 Unique Id
 *     84    1 Saved State
 *     85  427 Reserved
 * </pre>
 */
final class VpcFooter {
    // DO NOT MODIFY: on-disk format constants.
    static final String COOKIE = "conectix";
    static final int LENGTH = 512;
    static final int DATA_OFFSET_OFFSET = 16;
    static final int CREATOR_APP_OFFSET = 28;
    static final int CURRENT_SIZE_OFFSET = 48;
    static final int GEOMETRY_OFFSET = 56;
    static final int DISK_TYPE_OFFSET = 60;
    static final int CHECKSUM_OFFSET = 64;
    static final int TYPE_FIXED = 2;
    static final int TYPE_DYNAMIC = 3;
    static final int TYPE_DIFFERENCING = 4;
    private static final long MAX_CHS_SECTORS = 65535L * 16 * 255;

    private final ByteBuffer buf;

    VpcFooter(ByteBuffer buf) {
        this.buf = buf.duplicate().order(ByteOrder.BIG_ENDIAN);
    }

    String cookie() { return ascii(0, 8); }
    long dataOffset() { return buf.getLong(DATA_OFFSET_OFFSET); }
    String creatorApp() { return ascii(CREATOR_APP_OFFSET, 4); }
    long currentSize() { return buf.getLong(CURRENT_SIZE_OFFSET); }
    int cylinders() { return Short.toUnsignedInt(buf.getShort(GEOMETRY_OFFSET)); }
    int heads() { return buf.get(GEOMETRY_OFFSET + 2) & 0xff; }
    int sectorsPerTrack() { return buf.get(GEOMETRY_OFFSET + 3) & 0xff; }
    int diskType() { return buf.getInt(DISK_TYPE_OFFSET); }
    int checksum() { return buf.getInt(CHECKSUM_OFFSET); }

    /** Null when the cookie and checksum are right, else why not. */
    String validate() {
        if (buf.limit() != LENGTH || !cookie().equals(COOKIE)) {
            return "bad footer cookie";
        }
        int computed = checksum(buf, CHECKSUM_OFFSET);
        if (computed != checksum()) {
            return String.format("bad footer checksum (stored 0x%08x, computed 0x%08x)", checksum(), computed);
        }
        return null;
    }

    /**
     * Guest-visible size, as qemu decides it: the CHS geometry for images made by Virtual PC or old
     * qemu ({@code "vpc "}, {@code "qemu"}) unless the geometry is the maximum, else Current Size.
     */
    long virtualSize() {
        long chs = (long) cylinders() * heads() * sectorsPerTrack();
        String app = creatorApp();
        if ((app.equals("vpc ") || app.equals("qemu")) && chs < MAX_CHS_SECTORS) {
            return chs * 512;
        }
        return currentSize();
    }

    void ensureSane(ImageFile file, long maxSize) throws IOException {
        if (virtualSize() < 0 || virtualSize() > maxSize) {
            throw file.error("absurd VHD disk size " + virtualSize());
        }
    }

    /** One's complement of the sum of all bytes, the 4 at {@code checksumOffset} excluded. */
    static int checksum(ByteBuffer buf, int checksumOffset) {
        int sum = 0;
        for (int i = 0; i < buf.limit(); i++) {
            if (i < checksumOffset || i >= checksumOffset + 4) {
                sum += buf.get(i) & 0xff;
            }
        }
        return ~sum;
    }

    private String ascii(int at, int len) {
        byte[] b = new byte[len];
        buf.get(at, b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
