package io.vmferry.nbd.api;

/**
 * The 16-bit transmission flags of an export (proto.md "Transmission flags"), as sent in
 * {@code NBD_INFO_EXPORT}.
 *
 * @param bits the raw flags
 */
public record NbdTransmissionFlags(int bits) {

    public static final int HAS_FLAGS = 1;
    public static final int READ_ONLY = 1 << 1;
    public static final int SEND_FLUSH = 1 << 2;
    public static final int SEND_FUA = 1 << 3;
    public static final int ROTATIONAL = 1 << 4;
    public static final int SEND_TRIM = 1 << 5;
    public static final int SEND_WRITE_ZEROES = 1 << 6;
    public static final int SEND_DF = 1 << 7;
    public static final int CAN_MULTI_CONN = 1 << 8;
    public static final int SEND_RESIZE = 1 << 9;
    public static final int SEND_CACHE = 1 << 10;
    public static final int SEND_FAST_ZERO = 1 << 11;

    public NbdTransmissionFlags {
        if ((bits & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("transmission flags are 16 bits: " + bits);
        }
    }

    public boolean readOnly() {
        return has(READ_ONLY);
    }

    /** Several connections see each other's writes and flushes: a client may spread I/O over them. */
    public boolean canMultiConn() {
        return has(CAN_MULTI_CONN);
    }

    public boolean canFlush() {
        return has(SEND_FLUSH);
    }

    public boolean canFua() {
        return has(SEND_FUA);
    }

    public boolean canTrim() {
        return has(SEND_TRIM);
    }

    public boolean canWriteZeroes() {
        return has(SEND_WRITE_ZEROES);
    }

    public boolean canFastZero() {
        return has(SEND_FAST_ZERO);
    }

    public boolean canDf() {
        return has(SEND_DF);
    }

    public boolean canCache() {
        return has(SEND_CACHE);
    }

    public boolean rotational() {
        return has(ROTATIONAL);
    }

    public boolean has(int flag) {
        return (bits & flag) == flag;
    }

    @Override
    public String toString() {
        return "NbdTransmissionFlags[0x" + Integer.toHexString(bits) + (readOnly() ? " read-only" : "")
                + (canMultiConn() ? " multi-conn" : "") + (canFlush() ? " flush" : "") + (canTrim() ? " trim" : "")
                + (canWriteZeroes() ? " write-zeroes" : "") + (canDf() ? " df" : "") + "]";
    }
}
