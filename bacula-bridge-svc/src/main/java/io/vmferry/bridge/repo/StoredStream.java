package io.vmferry.bridge.repo;

/**
 * A disk stream that landed in the repository.
 *
 * @param disk        disk name
 * @param virtualSize guest-visible size
 * @param bytes       size of the stored {@code .vfs} file
 * @param dataBytes   data bytes received (uncompressed)
 * @param sha256      verified logical content SHA-256
 * @param seconds     time from the header to the commit
 */
public record StoredStream(String disk, long virtualSize, long bytes, long dataBytes, String sha256, double seconds) {
}
