package io.vmferry.bus.events;

/** Payload of {@code snapshots.released}: export, job, fleecing node and frozen bitmaps are gone. */
public record SnapshotReleased(String checkpoint, boolean success, boolean bitmapsMergedBack, String error) {
}
