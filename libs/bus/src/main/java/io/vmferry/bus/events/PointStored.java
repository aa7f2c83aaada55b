package io.vmferry.bus.events;

import java.util.List;

/** Payload of {@code points.stored}: the destination committed (or could not commit) a restore point. */
public record PointStored(String checkpoint, boolean ok, String error, String pointId, String level,
                          String levelReason, String parent, List<DiskResult> disks) {
}
