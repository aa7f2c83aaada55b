package io.vmferry.formats.api;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Write side of a virtual disk. Callers hand over extents in ascending offset order (so stream-only
 * formats such as streamOptimized VMDK can be written in one pass); ranges never written read as
 * zeros in the result. {@link #finish()} completes the image; {@link #close()} without finish leaves
 * an incomplete file that the caller deletes (callers write to a temporary name and rename).
 */
public interface BlockWriter extends Closeable {

    String format();

    long size();

    /** Writes {@code src.remaining()} bytes at {@code offset}; offsets must not go backwards. */
    void write(long offset, ByteBuffer src) throws IOException;

    /**
     * Marks {@code [offset, offset + length)} as reading zeros. On a fresh image this is the same as
     * not writing; on an overlay it must shadow the backing data.
     */
    void zero(long offset, long length) throws IOException;

    /** Writes the remaining metadata and flushes to stable storage. */
    void finish() throws IOException;
}
