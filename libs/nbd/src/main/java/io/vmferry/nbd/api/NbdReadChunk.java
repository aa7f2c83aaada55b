package io.vmferry.nbd.api;

import io.vertx.core.buffer.Buffer;

/**
 * A piece of a read, delivered as it arrives. Pieces of one read never overlap and together cover
 * the requested range exactly when the read succeeds; they may come in any order.
 */
public sealed interface NbdReadChunk {

    /** Absolute offset in the export. */
    long offset();

    /** Number of bytes this piece covers. */
    long length();

    /**
     * Bytes read at {@code offset}. The buffer is a view of the socket's receive buffer, valid only
     * while the handler runs: copy what must outlive the call. Performance: handing out owned copies
     * cost two allocations and two copies of every byte read, and most of a backup's GC time.
     */
    record Data(long offset, Buffer data) implements NbdReadChunk {
        @Override
        public long length() {
            return data.length();
        }
    }

    /** {@code length} bytes at {@code offset} that read as zeros ({@code NBD_REPLY_TYPE_OFFSET_HOLE}). */
    record Hole(long offset, long length) implements NbdReadChunk {
    }
}
