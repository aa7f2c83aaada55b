package io.vmferry.reader;

import java.nio.ByteBuffer;

/**
 * Finds all-zero blocks inside read data so they travel as zero or hole frames instead of bytes.
 * Blocks are {@value #BLOCK} bytes aligned to absolute disk offsets (clipped at the run's ends), the
 * granularity nbdcopy uses for sparseness. Pure and allocation-free apart from the callback.
 */
final class ZeroScanner {
    /** Detection granularity. */
    static final int BLOCK = 4096;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(BLOCK);

    /** Receives consecutive runs covering the scanned range exactly, alternating data and zero. */
    @FunctionalInterface
    interface RunHandler {
        void run(long diskOffset, int from, int length, boolean zero);
    }

    private ZeroScanner() {
    }

    /**
     * Scans {@code bytes[from, from + length)} (absolute indexes; position and limit are ignored), which holds the
     * disk bytes at {@code diskOffset}, and reports maximal runs of data and of zero blocks in order.
     */
    static void scan(ByteBuffer bytes, int from, int length, long diskOffset, RunHandler handler) {
        int end = from + length;
        int runStart = from;
        boolean runZero = false;
        int pos = from;
        while (pos < end) {
            long abs = diskOffset + (pos - from);
            int blockEnd = (int) Math.min(end, pos + (BLOCK - abs % BLOCK));
            boolean zero = isZero(bytes, pos, blockEnd - pos);
            if (pos == runStart) {
                runZero = zero;
            } else if (zero != runZero) {
                handler.run(diskOffset + (runStart - from), runStart, pos - runStart, runZero);
                runStart = pos;
                runZero = zero;
            }
            pos = blockEnd;
        }
        if (end > runStart) {
            handler.run(diskOffset + (runStart - from), runStart, end - runStart, runZero);
        }
    }

    /** Whether {@code bytes[from, from + length)} are all zero; data blocks usually answer at their first long. */
    private static boolean isZero(ByteBuffer bytes, int from, int length) {
        if (length >= Long.BYTES && bytes.getLong(from) != 0) {
            return false;
        }
        return bytes.slice(from, length).mismatch(ZEROS.slice(0, length)) < 0;
    }
}
