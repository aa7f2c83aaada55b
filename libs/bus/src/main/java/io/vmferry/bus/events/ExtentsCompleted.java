package io.vmferry.bus.events;

import java.util.List;

/** Payload of {@code extents.completed}: the reader is done with every disk of a checkpoint (or failed). */
public record ExtentsCompleted(String checkpoint, boolean ok, String error, List<DiskResult> disks) {
}
