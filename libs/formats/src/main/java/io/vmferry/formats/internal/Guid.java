package io.vmferry.formats.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Microsoft GUIDs as stored by VHDX: Data1 (u32), Data2 (u16) and Data3 (u16) little-endian,
 * Data4 (8 bytes) as is. Conversions between that layout and {@link UUID}.
 */
public final class Guid {
    /** Length on disk. */
    public static final int LENGTH = 16;

    private Guid() {
    }

    /**
     * A random (version 4) GUID. Identifiers of new images need to be unique, not unpredictable:
     * like qemu, this uses a non-cryptographic generator, which spares a conversion the start-up of
     * {@link java.security.SecureRandom} (about 0.1 s).
     */
    public static UUID random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xf000L) | 0x4000L;
        long lsb = (r.nextLong() & ~(0xc000L << 48)) | (0x8000L << 48);
        return new UUID(msb, lsb);
    }

    /** Reads the GUID at absolute {@code index} of {@code buf}. */
    public static UUID get(ByteBuffer buf, int index) {
        ByteBuffer le = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long d1 = Integer.toUnsignedLong(le.getInt(index));
        long d2 = Short.toUnsignedLong(le.getShort(index + 4));
        long d3 = Short.toUnsignedLong(le.getShort(index + 6));
        long msb = (d1 << 32) | (d2 << 16) | d3;
        long lsb = buf.duplicate().order(ByteOrder.BIG_ENDIAN).getLong(index + 8);
        return new UUID(msb, lsb);
    }

    /** Writes {@code id} at absolute {@code index} of {@code buf}. */
    public static void put(ByteBuffer buf, int index, UUID id) {
        ByteBuffer le = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long msb = id.getMostSignificantBits();
        le.putInt(index, (int) (msb >>> 32));
        le.putShort(index + 4, (short) (msb >>> 16));
        le.putShort(index + 6, (short) msb);
        buf.duplicate().order(ByteOrder.BIG_ENDIAN).putLong(index + 8, id.getLeastSignificantBits());
    }

    /** True for the all-zero GUID. */
    public static boolean isNil(UUID id) {
        return id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0;
    }
}
