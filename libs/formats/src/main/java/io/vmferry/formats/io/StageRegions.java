package io.vmferry.formats.io;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The memory of {@link DirectSparseOutput}'s stage buffers, kept for the next output: regions of {@code size}
 * bytes aligned to {@code alignment}, taken when an output opens or grows and given back when it closes with no
 * write in flight; at most {@link #MAX_KEPT} regions wait here, a region beyond that is left to the collector.
 *
 * <p>Performance: a region is backed by transparent huge pages only if they were to be had when it was first
 * touched (the launcher has glibc madvise large allocations for them). A fresh region per output came from glibc's
 * arena once an earlier one had been freed, in pages that were not huge, and a full's 4 MiB writes went out as
 * requests of ~700 KiB again (two fulls of three in one bench run). A kept region keeps its pages, and an output no
 * longer zeroes 18 MiB when it opens.
 */
final class StageRegions {
    /** Free regions kept at most (4 × 18 MiB): what a node with a few disk streams at once needs again. */
    static final int MAX_KEPT = 4;

    private final int size;
    private final int alignment;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

    StageRegions(int size, int alignment) {
        this.size = size;
        this.alignment = alignment;
    }

    /** A region of {@code size} bytes at an {@code alignment} boundary: a kept one, or a new one. */
    synchronized ByteBuffer take() {
        ByteBuffer kept = free.poll();
        return kept != null ? kept : ByteBuffer.allocateDirect(size + alignment).alignedSlice(alignment).limit(size);
    }

    /** Gives back a region from {@link #take()} that nothing reads or writes any more. */
    synchronized void give(ByteBuffer region) {
        if (free.size() < MAX_KEPT) {
            free.push(region); // outputs only slice it: its position and limit are as take() gave them
        }
    }

    /** Regions waiting to be taken again (tests). */
    synchronized int kept() {
        return free.size();
    }
}
