package io.vmferry.reader;

import java.util.Arrays;

/**
 * Finds all-zero blocks inside read data so they travel as zero or hole frames instead of bytes.
 * Blocks are {@value #BLOCK} bytes aligned to absolute disk offsets (clipped at the run's ends), the
 * granularity nbdcopy uses for sparseness. Pure and allocation-free apart from the callback.
 */
final class ZeroScanner {
    /** Detection granularity. */
    static final int BLOCK = 4096;
    private static final byte[] ZEROS = new byte[BLOCK];

    /** Receives consecutive runs covering the scanned range exactly, alternating data and zero. */
    @FunctionalInterface
    interface RunHandler {
        void run(long diskOffset, int from, int length, boolean zero);
    }

    private ZeroScanner() {
    }

    /**
     * Scans {@code bytes[from, from + length)}, which holds the disk bytes at {@code diskOffset}, and
     * reports maximal runs of data and of zero blocks in order.
     */
    static void scan(byte[] bytes, int from, int length, long diskOffset, RunHandler handler) {
        int end = from + length;
        int runStart = from;
        boolean runZero = false;
        int pos = from;
        while (pos < end) {
            long abs = diskOffset + (pos - from);
            int blockEnd = (int) Math.min(end, pos + (BLOCK - abs % BLOCK));
            boolean zero = Arrays.mismatch(bytes, pos, blockEnd, ZEROS, 0, blockEnd - pos) < 0;
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
}
