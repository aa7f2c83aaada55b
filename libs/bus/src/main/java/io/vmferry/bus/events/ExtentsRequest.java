package io.vmferry.bus.events;

import java.util.List;

/**
 * Payload of {@code extents.requested}: read these exports and stream them to the sink.
 *
 * @param level        level to read: {@code full} reads the allocation map, else the dirty bitmap
 * @param parentPoint  the restore point this one builds on (null for full)
 * @param rateLimitMib the job's own read rate limit in MiB/s over all these disks (0: none); the reader's
 *                     {@code backup.rate-limit-mib} holds as well
 */
public record ExtentsRequest(String checkpoint, String level, String parentPoint, SinkAddress sink,
                             List<SnapshotDisk> disks, int rateLimitMib) {
    /** A request without a read rate limit of its own. */
    public ExtentsRequest(String checkpoint, String level, String parentPoint, SinkAddress sink,
                          List<SnapshotDisk> disks) {
        this(checkpoint, level, parentPoint, sink, disks, 0);
    }
}
