package io.vmferry.bus.events;

/** Payload of {@code snapshots.requested}: take a point-in-time snapshot of one VM for a destination. */
public record SnapshotRequest(VmInfo vm, String level, boolean quiesce, String destination) {
}
