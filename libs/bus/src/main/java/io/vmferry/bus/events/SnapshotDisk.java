package io.vmferry.bus.events;

/** One disk of a snapshot: its size and where to read it. */
public record SnapshotDisk(String name, long virtualSize, String format, ExportInfo export) {
}
