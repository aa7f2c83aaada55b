package io.vmferry.nbd.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vmferry.nbd.impl.NbdConnector;
import io.vmferry.nbd.impl.ReadSplitter;

import java.util.List;

/**
 * A read-side NBD client: fixed newstyle handshake with structured replies, meta contexts and
 * {@code NBD_OPT_GO}, then {@code NBD_CMD_READ} and {@code NBD_CMD_BLOCK_STATUS}.
 *
 * <p>Methods may be called from any thread. Commands are pipelined up to
 * {@link NbdOptions#getMaxInFlight()} per connection and queued beyond that. Futures and read
 * handlers complete on the connection's event loop: do not block in them.
 *
 * <pre>{@code
 * NbdClient.connect(vertx, new NbdOptions().setSocketPath(sock).setExportName("backup1")
 *         .setMetaContexts(List.of(NbdMetaContexts.dirtyBitmap("snap1-inc"))))
 *     .compose(nbd -> nbd.extents(NbdMetaContexts.dirtyBitmap("snap1-inc"), 0, nbd.export().size())
 *         .eventually(nbd::close));
 * }</pre>
 */
public interface NbdClient {

    /** Opens one connection and runs the handshake; fails with an {@link NbdException}. */
    static Future<NbdClient> connect(Vertx vertx, NbdOptions options) {
        return NbdConnector.connect(vertx, options).map(c -> c);
    }

    /**
     * Lists the meta contexts the export offers for the given queries ({@code NBD_OPT_LIST_META_CONTEXT})
     * on a short-lived connection that never enters transmission. An empty query list asks for all.
     * Names are returned as the server sent them (list replies carry no usable context id).
     */
    static Future<List<String>> listMetaContexts(Vertx vertx, NbdOptions options, List<String> queries) {
        return NbdConnector.listMetaContexts(vertx, options, queries);
    }

    /** What the handshake negotiated. */
    NbdExport export();

    /**
     * Reads {@code [offset, offset + length)}, delivering pieces to {@code handler} as they arrive
     * (data buffers and holes, in any order, never overlapping). Ranges longer than the connection's
     * maximum read length are split into several commands. The future completes when the whole range
     * was delivered, or fails with the first error (pieces delivered before it stay delivered).
     */
    Future<Void> read(long offset, long length, Handler<NbdReadChunk> handler);

    /** Reads a range into one buffer (holes as zero bytes). For large ranges prefer the streaming form. */
    default Future<Buffer> read(long offset, int length) {
        return ReadSplitter.readBuffer(this, offset, length);
    }

    /**
     * The extents of {@code context} covering exactly {@code [offset, offset + length)}: one or more
     * {@code NBD_CMD_BLOCK_STATUS} commands (each at most 4 GiB), continuing from the end of the last
     * extent after short replies and clipping an overshooting last extent. Adjacent extents with
     * equal flags are merged.
     *
     * @param context a meta context selected in {@link NbdOptions#setMetaContexts}
     */
    Future<List<NbdExtent>> extents(String context, long offset, long length);

    /**
     * Stops accepting commands, waits for the pending ones, sends {@code NBD_CMD_DISC} and closes.
     * Idempotent.
     */
    Future<Void> close();

    /** True once the connection is closed or closing. */
    boolean isClosed();
}
