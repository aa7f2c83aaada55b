package io.vmferry.formats.api;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Read side of a virtual disk, whatever its container format (the libnbd {@code rw_ops} idea).
 * Implementations resolve their own backing chains: what a caller sees is the guest-visible disk.
 * Thread safety: one instance is used by one thread at a time.
 */
public interface BlockReader extends Closeable {

    /** Format name as {@code qemu-img info} prints it: {@code raw}, {@code qcow2}, {@code vmdk}, {@code vhdx}, {@code vpc}. */
    String format();

    /** Guest-visible size in bytes. */
    long size();

    /** True when {@link #extents} reports real allocation; false when it can only say "all data". */
    default boolean canExtents() {
        return true;
    }

    /** True when only one forward pass is possible (a stream); {@link #read} offsets must then not go backwards. */
    default boolean sequentialOnly() {
        return false;
    }

    /**
     * Allocation map of {@code [offset, offset + length)}, clipped to {@link #size()}: contiguous, in
     * ascending order, adjacent extents of one type merged, covering the whole range.
     */
    List<Extent> extents(long offset, long length) throws IOException;

    /**
     * Reads {@code dst.remaining()} bytes at {@code offset} into {@code dst}; ranges past {@link #size()}
     * are an error. Holes and zero extents read as zero bytes.
     */
    void read(long offset, ByteBuffer dst) throws IOException;
}
