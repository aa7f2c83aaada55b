package io.vmferry.formats.internal;

import java.nio.ByteBuffer;

/** Small buffer helpers shared by the formats. */
public final class Buffers {
    private static final int ZEROS_LENGTH = 64 * 1024;
    /** Compared against with {@link ByteBuffer#mismatch}, which the JIT vectorizes. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZEROS_LENGTH).asReadOnlyBuffer();

    private Buffers() {
    }

    /** True when every remaining byte of {@code buf} is zero (position and limit unchanged). */
    public static boolean isZero(ByteBuffer buf) {
        int end = buf.limit();
        for (int p = buf.position(); p < end; p += ZEROS_LENGTH) {
            int n = Math.min(ZEROS_LENGTH, end - p);
            if (buf.slice(p, n).mismatch(ZEROS.slice(0, n)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Sets every remaining byte of {@code buf} to zero (position and limit unchanged). */
    public static void fillZero(ByteBuffer buf) {
        int end = buf.limit();
        for (int p = buf.position(); p < end; p += ZEROS_LENGTH) {
            int n = Math.min(ZEROS_LENGTH, end - p);
            buf.put(p, ZEROS, 0, n);
        }
    }

    /** Rounds {@code value} up to a multiple of {@code align} (a power of two). */
    public static long alignUp(long value, long align) {
        return (value + align - 1) & -align;
    }

    /** Ceiling division of non-negative values. */
    public static long divUp(long value, long divisor) {
        return value / divisor + (value % divisor == 0 ? 0 : 1);
    }
}
