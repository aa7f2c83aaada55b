package io.vmferry.bus.events;

/**
 * What happened to one disk of a VM in a job.
 *
 * @param bytesRead   bytes read from the export (data extents)
 * @param bytesStored bytes written to the destination (after compression)
 * @param seconds     wall time of the disk's transfer
 * @param sha256      SHA-256 of the stream's logical content
 */
public record DiskResult(String disk, long virtualSize, long bytesRead, long bytesStored, double seconds,
                         String sha256) {
}
