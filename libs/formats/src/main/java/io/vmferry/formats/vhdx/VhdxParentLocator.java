package io.vmferry.formats.vhdx;

import io.vmferry.formats.internal.Guid;
import io.vmferry.formats.internal.ImageFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The parent locator metadata item (MS-VHDX 2.6.2.6), little-endian; offsets are from the start
 * of the item, keys and values UTF-16LE:
 *
 * <pre>
 * Header:    0 16 LocatorType     B04AEFB7-D19E-4A81-B789-25B8E9445913 for VHDX parents
 *           16  2 Reserved
 *           18  2 KeyValueCount
 * Entry (12 bytes each, from offset 20):
 *            0  4 KeyOffset       4  4 ValueOffset
 *            8  2 KeyLength      10  2 ValueLength
 * Keys: parent_linkage (GUID of the parent's DataWriteGuid), parent_linkage2, relative_path,
 *       volume_path, absolute_win32_path
 * </pre>
 */
final class VhdxParentLocator {
    static final int HEADER_LENGTH = 20;
    static final int ENTRY_LENGTH = 12;

    private VhdxParentLocator() {
    }

    static Map<String, String> parse(ImageFile file, ByteBuffer item) throws IOException {
        ByteBuffer b = item.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < HEADER_LENGTH || !Guid.get(b, 0).equals(VhdxGuids.VHDX_PARENT_LOCATOR_TYPE)) {
            throw file.error("unsupported parent locator type");
        }
        int count = Short.toUnsignedInt(b.getShort(18));
        if ((long) HEADER_LENGTH + (long) count * ENTRY_LENGTH > b.limit()) {
            throw file.error("parent locator with " + count + " entries overruns its item");
        }
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int at = HEADER_LENGTH + i * ENTRY_LENGTH;
            String key = string(file, b, b.getInt(at), b.getShort(at + 8));
            String value = string(file, b, b.getInt(at + 4), b.getShort(at + 10));
            out.put(key, value);
        }
        return Map.copyOf(out);
    }

    private static String string(ImageFile file, ByteBuffer b, int offset, short length) throws IOException {
        long off = Integer.toUnsignedLong(offset);
        int len = Short.toUnsignedInt(length);
        if (off + len > b.limit()) {
            throw file.error("parent locator string at " + off + " length " + len + " overruns its item");
        }
        byte[] bytes = new byte[len];
        b.get((int) off, bytes);
        return new String(bytes, StandardCharsets.UTF_16LE);
    }

    /** Serialises a locator with the given keys and values. */
    static ByteBuffer build(Map<String, String> entries) {
        int strings = 0;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            strings += 2 * (e.getKey().length() + e.getValue().length());
        }
        int tableEnd = HEADER_LENGTH + entries.size() * ENTRY_LENGTH;
        ByteBuffer b = ByteBuffer.allocate(tableEnd + strings).order(ByteOrder.LITTLE_ENDIAN);
        Guid.put(b, 0, VhdxGuids.VHDX_PARENT_LOCATOR_TYPE);
        b.putShort(18, (short) entries.size());
        int at = HEADER_LENGTH;
        int str = tableEnd;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_16LE);
            byte[] v = e.getValue().getBytes(StandardCharsets.UTF_16LE);
            b.putInt(at, str).putInt(at + 4, str + k.length).putShort(at + 8, (short) k.length).putShort(at + 10, (short) v.length);
            b.put(str, k).put(str + k.length, v);
            str += k.length + v.length;
            at += ENTRY_LENGTH;
        }
        return b;
    }
}
