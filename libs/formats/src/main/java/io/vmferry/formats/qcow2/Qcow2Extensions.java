package io.vmferry.formats.qcow2;

import io.vmferry.formats.internal.ImageFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The header extensions this reader needs, parsed from cluster 0 (docs/interop/qcow2.txt,
 * "Header extensions"):
 *
 * <pre>
 * Byte 0 - 3: type     0x00000000 end, 0xe2792aca backing file format name,
 *                      0x6803f857 feature name table, 0x23852875 bitmaps,
 *                      0x0537be77 full disk encryption, 0x44415441 external data file name
 *      4 - 7: length   of the data, which is padded to a multiple of 8
 *      8 - n: data
 * </pre>
 *
 * @param backingFormat     backing file format name, or null
 * @param externalDataFile  external data file name, or null
 */
public record Qcow2Extensions(String backingFormat, String externalDataFile) {
    // DO NOT MODIFY: on-disk format constants.
    public static final int END = 0;
    public static final int BACKING_FORMAT = 0xe2792aca;
    public static final int EXTERNAL_DATA_FILE = 0x44415441;
    private static final int MAX_NAME = 1023;

    /** Parses the extensions that follow the header in {@code cluster0} (offset 0 of the file). */
    public static Qcow2Extensions parse(ImageFile file, ByteBuffer cluster0, Qcow2Header header) throws IOException {
        ByteBuffer buf = cluster0.duplicate().order(ByteOrder.BIG_ENDIAN);
        long end = buf.limit();
        if (header.backingFileOffset() > header.headerLength() && header.backingFileOffset() < end) {
            end = header.backingFileOffset();
        }
        String backingFormat = null;
        String dataFile = null;
        int pos = header.headerLength();
        while (pos + 8 <= end) {
            int type = buf.getInt(pos);
            long len = Integer.toUnsignedLong(buf.getInt(pos + 4));
            if (type == END) {
                break;
            }
            if (len > end - pos - 8) {
                throw file.error("header extension 0x" + Integer.toHexString(type) + " at " + pos
                        + " has length " + len + " past the header cluster");
            }
            if (type == BACKING_FORMAT) {
                backingFormat = string(file, buf, pos + 8, (int) len, "backing format name");
            } else if (type == EXTERNAL_DATA_FILE) {
                dataFile = string(file, buf, pos + 8, (int) len, "external data file name");
            }
            pos += 8 + (int) ((len + 7) & ~7L);
        }
        return new Qcow2Extensions(backingFormat, dataFile);
    }

    private static String string(ImageFile file, ByteBuffer buf, int at, int len, String what) throws IOException {
        if (len == 0 || len > MAX_NAME) {
            throw file.error(what + " has bad length " + len);
        }
        byte[] b = new byte[len];
        buf.get(at, b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
