package io.vmferry.nbd.api;

/**
 * Block size constraints of an export ({@code NBD_INFO_BLOCK_SIZE}). Requests should start and end
 * on multiples of {@code minimum}, preferably of {@code preferred}, and carry at most
 * {@code maximum} bytes of payload.
 *
 * @param minimum   power of two, at most 64 KiB
 * @param preferred power of two, at least {@code minimum}
 * @param maximum   a multiple of {@code minimum}, or {@link #UNLIMITED}
 */
public record NbdBlockSize(long minimum, long preferred, long maximum) {

    /** The maximum value that means "no limit beyond the protocol's 32-bit length". */
    public static final long UNLIMITED = 0xFFFF_FFFFL;

    /** What a client assumes when the server sends no constraints (proto.md "Block size constraints"). */
    public static final NbdBlockSize DEFAULT = new NbdBlockSize(1, 4096, 32L << 20);

    public NbdBlockSize {
        if (minimum < 1 || minimum > 65536 || Long.bitCount(minimum) != 1) {
            throw new IllegalArgumentException("minimum block size must be a power of two <= 64 KiB: " + minimum);
        }
        if (preferred < minimum || preferred > UNLIMITED || Long.bitCount(preferred) != 1) {
            throw new IllegalArgumentException("preferred block size must be a power of two >= minimum: " + preferred);
        }
        if (maximum > UNLIMITED || maximum < minimum || (maximum != UNLIMITED && maximum % minimum != 0)) {
            throw new IllegalArgumentException("maximum block size must be a multiple of minimum: " + maximum);
        }
    }
}
