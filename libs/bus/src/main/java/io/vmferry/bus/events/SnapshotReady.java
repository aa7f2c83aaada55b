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
 */
public record SnapshotReady(String checkpoint, Instant time, String level, String levelReason, String since,
                            String consistency, List<String> warnings, String destination, String vmName,
                            String vmConfig, List<SnapshotDisk> disks) {
    public SnapshotReady {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
