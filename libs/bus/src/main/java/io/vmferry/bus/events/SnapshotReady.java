package io.vmferry.bus.events;

import java.time.Instant;
import java.util.List;

/**
 * Payload of {@code snapshots.ready}: the VM's disks are exported as they were at {@code time}.
 *
 * @param checkpoint  id of this snapshot, unique per VM; becomes the restore point id
 * @param level       level the snapshot supports (may be lower than requested: see {@code levelReason})
 * @param since       for an incremental or differential, the checkpoint (restore point id) the exported changes
 *                    start at: the point it must build on; null for a full
 * @param vmConfig    the VM config text at snapshot time (stored with the point)
 * @param rateLimitMib the job's own read rate limit in MiB/s (0: none), from its request, for the reader
 * @param prune       the job's own retention (null: the destination's), from its request, for the destination
 */
public record SnapshotReady(String checkpoint, Instant time, String level, String levelReason, String since,
                            String consistency, List<String> warnings, String destination, String vmName,
                            String vmConfig, List<SnapshotDisk> disks, int rateLimitMib, PruneOptions prune) {
    public SnapshotReady {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A snapshot without a read rate limit of its own. */
    public SnapshotReady(String checkpoint, Instant time, String level, String levelReason, String since,
                         String consistency, List<String> warnings, String destination, String vmName,
                         String vmConfig, List<SnapshotDisk> disks) {
        this(checkpoint, time, level, levelReason, since, consistency, warnings, destination, vmName, vmConfig, disks,
                0, null);
    }

    /** The same snapshot described with {@code reason} for its level. */
    public SnapshotReady withLevelReason(String reason) {
        return new SnapshotReady(checkpoint, time, level, reason, since, consistency, warnings, destination, vmName,
                vmConfig, disks, rateLimitMib, prune);
    }

    /** The same snapshot with the job's own read rate limit and retention ({@code request}'s). */
    public SnapshotReady forJob(SnapshotRequest request) {
        return new SnapshotReady(checkpoint, time, level, levelReason, since, consistency, warnings, destination,
                vmName, vmConfig, disks, request.rateLimitMib(), request.prune());
    }
}
