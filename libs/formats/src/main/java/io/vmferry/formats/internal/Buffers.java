package io.vmferry.formats.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Small buffer helpers shared by the formats. */
public final class Buffers {
    private Buffers() {
    }

    /** True when every remaining byte of {@code buf} is zero (position and limit unchanged). */
    public static boolean isZero(ByteBuffer buf) {
        int p = buf.position();
        int end = buf.limit();
        for (; p + 8 <= end; p += 8) {
            if (buf.getLong(p) != 0) {
                return false;
            }
        }
        for (; p < end; p++) {
            if (buf.get(p) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Writes all of {@code src} at {@code pos}. */
    public static void writeFully(FileChannel ch, long pos, ByteBuffer src) throws IOException {
        long at = pos;
        while (src.hasRemaining()) {
            at += ch.write(src, at);
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
