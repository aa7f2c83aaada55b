package io.vmferry.formats.vhdx;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC-32C over a whole structure with its 4-byte checksum field taken as zero (MS-VHDX 2.2.2). */
final class VhdxChecksum {
    private VhdxChecksum() {
    }

    /** CRC-32C of {@code buf[0, limit)} with bytes {@code [checksumOffset, +4)} read as zero. */
    static int compute(ByteBuffer buf, int checksumOffset) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(0).limit(checksumOffset));
        crc.update(new byte[4]);
        crc.update(buf.duplicate().position(checksumOffset + 4).limit(buf.limit()));
        return (int) crc.getValue();
    }
}
