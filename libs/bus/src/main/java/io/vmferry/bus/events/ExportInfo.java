package io.vmferry.bus.events;

/**
 * An NBD export of one disk's point-in-time image.
 *
 * @param socket        unix socket of the NBD server (null when TCP)
 * @param host          TCP host (null when unix)
 * @param port          TCP port (0 when unix)
 * @param exportName    NBD export name
 * @param bitmapContext meta context holding the changed blocks ({@code qemu:dirty-bitmap:<name>}), null for full
 * @param granularity   bitmap granularity in bytes (0 for full)
 */
public record ExportInfo(String socket, String host, int port, String exportName, String bitmapContext,
                         long granularity) {
}
