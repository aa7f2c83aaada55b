package io.vmferry.bus.events;

/**
 * Payload of {@code snapshots.requested}: take a point-in-time snapshot of one VM for a destination.
 *
 * @param rateLimitMib the job's own read rate limit in MiB/s (0: none), handed on with the snapshot to the reader
 * @param prune        the job's own retention (null: the destination's), handed on with the snapshot to the
 *                     destination
 */
public record SnapshotRequest(VmInfo vm, String level, boolean quiesce, String destination, int rateLimitMib,
                              PruneOptions prune) {
    /** A request without a read rate limit or retention of its own. */
    public SnapshotRequest(VmInfo vm, String level, boolean quiesce, String destination) {
        this(vm, level, quiesce, destination, 0, null);
    }
}
