package io.vmferry.reader;

/**
 * One range of a disk's read plan and what to do with it.
 *
 * @param offset first byte
 * @param length bytes (positive)
 * @param action read it, or emit it without reading
 */
record PlannedRange(long offset, long length, Action action) {

    /** What the reader does with a range. */
    enum Action {
        /** Read from NBD and stream data (zero blocks inside still become zero/hole frames). */
        READ,
        /** Emit a hole frame: unallocated in a full backup. */
        HOLE,
        /** Emit a zero frame: changed to zeros, must shadow older data. */
        ZERO
    }

    PlannedRange {
        if (offset < 0 || length <= 0 || action == null) {
            throw new IllegalArgumentException("bad planned range " + offset + "+" + length + " " + action);
        }
    }

    long end() {
        return offset + length;
    }
}
