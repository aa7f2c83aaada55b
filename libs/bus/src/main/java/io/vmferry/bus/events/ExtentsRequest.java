package io.vmferry.bus.events;

import java.util.List;

/**
 * Payload of {@code extents.requested}: read these exports and stream them to the sink.
 *
 * @param level       level to read: {@code full} reads the allocation map, else the dirty bitmap
 * @param parentPoint the restore point this one builds on (null for full)
 */
public record ExtentsRequest(String checkpoint, String level, String parentPoint, SinkAddress sink,
                             List<SnapshotDisk> disks) {
}
