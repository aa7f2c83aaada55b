package io.vmferry.formats.vhdx;

import io.vmferry.formats.internal.Guid;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * Flyweight over a VHDX region table (MS-VHDX 2.2.3), 64 KiB at 192 KiB (copy 1) and 256 KiB
 * (copy 2), little-endian:
 *
 * <pre>
 * Header:  0  4 Signature   "regi"
 *          4  4 Checksum    CRC-32C over the 64 KiB table, this field zero
 *          8  4 EntryCount  at most 2047
 *         12  4 Reserved
 * Entry (32 bytes each, from offset 16):
 *          0 16 Guid        BAT 2DC27766-..., metadata 8B7CA206-...
 *         16  8 FileOffset  multiple of 1 MiB, at least 1 MiB
 *         24  4 Length      multiple of 1 MiB
 *         28  4 Required    bit 0: an unknown required region makes the file unreadable
 * </pre>
 */
final class VhdxRegionTable {
    // DO NOT MODIFY: on-disk format constants.
    static final int SIGNATURE = 0x69676572; // "regi" little-endian
    static final int LENGTH = 64 * 1024;
    static final long TABLE1_OFFSET = 192 * 1024;
    static final long TABLE2_OFFSET = 256 * 1024;
    static final int CHECKSUM_OFFSET = 4;
    static final int ENTRY_COUNT_OFFSET = 8;
    static final int ENTRIES_OFFSET = 16;
    static final int ENTRY_LENGTH = 32;
    static final int MAX_ENTRIES = 2047;

    /** One region. */
    record Entry(UUID guid, long fileOffset, long length, boolean required) {
    }

    private final ByteBuffer buf;

    VhdxRegionTable(ByteBuffer buf) {
        this.buf = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    long entryCount() { return Integer.toUnsignedLong(buf.getInt(ENTRY_COUNT_OFFSET)); }

    Entry entry(int i) {
        int at = ENTRIES_OFFSET + i * ENTRY_LENGTH;
        return new Entry(Guid.get(buf, at), buf.getLong(at + 16),
                Integer.toUnsignedLong(buf.getInt(at + 24)), (buf.getInt(at + 28) & 1) != 0);
    }

    /** Null when valid, else why not. */
    String validate() {
        if (buf.limit() != LENGTH || buf.getInt(0) != SIGNATURE) {
            return "bad signature";
        }
        int computed = VhdxChecksum.compute(buf, CHECKSUM_OFFSET);
        if (computed != buf.getInt(CHECKSUM_OFFSET)) {
            return String.format("bad checksum (stored 0x%08x, computed 0x%08x)", buf.getInt(CHECKSUM_OFFSET), computed);
        }
        if (entryCount() > MAX_ENTRIES) {
            return "entry count " + entryCount() + " > " + MAX_ENTRIES;
        }
        return null;
    }

    /** Serialises a table of {@code entries}, checksum filled in. */
    static ByteBuffer build(Entry... entries) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, SIGNATURE);
        b.putInt(ENTRY_COUNT_OFFSET, entries.length);
        for (int i = 0; i < entries.length; i++) {
            int at = ENTRIES_OFFSET + i * ENTRY_LENGTH;
            Guid.put(b, at, entries[i].guid());
            b.putLong(at + 16, entries[i].fileOffset());
            b.putInt(at + 24, (int) entries[i].length());
            b.putInt(at + 28, entries[i].required() ? 1 : 0);
        }
        b.putInt(CHECKSUM_OFFSET, VhdxChecksum.compute(b, CHECKSUM_OFFSET));
        return b;
    }
}
