package io.vmferry.formats.vhdx;

import io.vmferry.formats.internal.Guid;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * Flyweight over one VHDX header (MS-VHDX 2.2.2), 4 KiB at file offset 64 KiB (header 1) or
 * 128 KiB (header 2), little-endian:
 *
 * <pre>
 * Offset Size Field
 *      0    4 Signature        "head"
 *      4    4 Checksum         CRC-32C over the 4 KiB header, this field zero
 *      8    8 SequenceNumber   the valid header with the larger value is current
 *     16   16 FileWriteGuid
 *     32   16 DataWriteGuid
 *     48   16 LogGuid          non-zero: the log must be replayed before use
 *     64    2 LogVersion       0
 *     66    2 Version          1
 *     68    4 LogLength        multiple of 1 MiB
 *     72    8 LogOffset        multiple of 1 MiB, at least 1 MiB
 *     80 4016 Reserved
 * </pre>
 */
final class VhdxHeader {
    // DO NOT MODIFY: on-disk format constants.
    static final int SIGNATURE = 0x64616568; // "head" little-endian
    static final int LENGTH = 4096;
    static final long HEADER1_OFFSET = 64 * 1024;
    static final long HEADER2_OFFSET = 128 * 1024;
    static final int SIGNATURE_OFFSET = 0;
    static final int CHECKSUM_OFFSET = SIGNATURE_OFFSET + 4;
    static final int SEQUENCE_OFFSET = CHECKSUM_OFFSET + 4;
    static final int FILE_WRITE_GUID_OFFSET = SEQUENCE_OFFSET + 8;
    static final int DATA_WRITE_GUID_OFFSET = FILE_WRITE_GUID_OFFSET + 16;
    static final int LOG_GUID_OFFSET = DATA_WRITE_GUID_OFFSET + 16;
    static final int LOG_VERSION_OFFSET = LOG_GUID_OFFSET + 16;
    static final int VERSION_OFFSET = LOG_VERSION_OFFSET + 2;
    static final int LOG_LENGTH_OFFSET = VERSION_OFFSET + 2;
    static final int LOG_OFFSET_OFFSET = LOG_LENGTH_OFFSET + 4;

    private final ByteBuffer buf;

    VhdxHeader(ByteBuffer buf) {
        this.buf = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    int signature() { return buf.getInt(SIGNATURE_OFFSET); }
    int checksum() { return buf.getInt(CHECKSUM_OFFSET); }
    long sequenceNumber() { return buf.getLong(SEQUENCE_OFFSET); }
    UUID dataWriteGuid() { return Guid.get(buf, DATA_WRITE_GUID_OFFSET); }
    UUID logGuid() { return Guid.get(buf, LOG_GUID_OFFSET); }
    int version() { return Short.toUnsignedInt(buf.getShort(VERSION_OFFSET)); }
    int logVersion() { return Short.toUnsignedInt(buf.getShort(LOG_VERSION_OFFSET)); }

    /** Null when valid, else why not (signature, checksum with stored and computed values, version). */
    String validate() {
        if (buf.limit() != LENGTH || signature() != SIGNATURE) {
            return "bad signature";
        }
        int computed = VhdxChecksum.compute(buf, CHECKSUM_OFFSET);
        if (computed != checksum()) {
            return String.format("bad checksum (stored 0x%08x, computed 0x%08x)", checksum(), computed);
        }
        if (version() != 1 || logVersion() != 0) {
            return "unsupported version " + version() + " / log version " + logVersion();
        }
        return null;
    }

    /** Serialises a header with a zero log GUID and the given log area; the checksum is filled in. */
    static ByteBuffer build(long sequence, UUID fileWrite, UUID dataWrite, long logOffset, int logLength) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(SIGNATURE_OFFSET, SIGNATURE);
        b.putLong(SEQUENCE_OFFSET, sequence);
        Guid.put(b, FILE_WRITE_GUID_OFFSET, fileWrite);
        Guid.put(b, DATA_WRITE_GUID_OFFSET, dataWrite);
        b.putShort(VERSION_OFFSET, (short) 1);
        b.putInt(LOG_LENGTH_OFFSET, logLength);
        b.putLong(LOG_OFFSET_OFFSET, logOffset);
        b.putInt(CHECKSUM_OFFSET, VhdxChecksum.compute(b, CHECKSUM_OFFSET));
        return b;
    }
}
