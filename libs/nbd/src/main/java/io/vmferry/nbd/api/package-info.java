/**
 * Public API of the NBD client: {@link io.vmferry.nbd.api.NbdClient} (one connection),
 * {@link io.vmferry.nbd.api.NbdClientPool} (several, for multi-conn exports),
 * {@link io.vmferry.nbd.api.NbdOptions}, what the handshake learned ({@link io.vmferry.nbd.api.NbdExport}),
 * results ({@link io.vmferry.nbd.api.NbdExtent}, {@link io.vmferry.nbd.api.NbdReadChunk}) and the
 * exception hierarchy rooted at {@link io.vmferry.nbd.api.NbdException}.
 */
package io.vmferry.nbd.api;
