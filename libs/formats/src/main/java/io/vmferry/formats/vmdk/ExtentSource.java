package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.ExtentType;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One extent of a VMDK as the reader sees it: a byte range of the virtual disk backed by a flat
 * file, a hosted sparse file, or nothing (ZERO). Offsets are relative to the extent's start.
 */
sealed interface ExtentSource extends Closeable permits FlatExtent, ZeroExtent, SparseExtent {

    /** A run of one type starting at the queried offset. */
    record Run(ExtentType type, long length) {
    }

    /** Size of the extent in bytes. */
    long length();

    /**
     * Type of the bytes at {@code offset} and how many following bytes (at most {@code max}, at
     * least one) share it. {@link ExtentType#HOLE} means "not allocated here: ask the parent".
     */
    Run run(long offset, long max) throws IOException;

    /** Reads {@code dst.remaining()} bytes of a {@link ExtentType#DATA} run at {@code offset}. */
    void read(long offset, ByteBuffer dst) throws IOException;
}
