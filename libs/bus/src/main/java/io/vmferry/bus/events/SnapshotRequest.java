package io.vmferry.bus.events;

/**
 * Payload of {@code snapshots.requested}: take a point-in-time snapshot of one VM for a destination.
 *
 * @param rateLimitMib the job's own read rate limit in MiB/s (0: none), handed on with the snapshot to the reader
 */
public record SnapshotRequest(VmInfo vm, String level, boolean quiesce, String destination, int rateLimitMib) {
    /** A request without a read rate limit of its own. */
    public SnapshotRequest(VmInfo vm, String level, boolean quiesce, String destination) {
        this(vm, level, quiesce, destination, 0);
    }
}
