package io.vmferry.bus.events;

/**
 * What a {@code restore} job ({@code jobs.requested} kind {@code restore}) rebuilds: disks of one VM at one restore
 * point, as {@code vmferry restore} does, into new images in a directory on the bridge's node.
 *
 * @param point  restore point id or {@code latest} (null: latest)
 * @param disk   one disk name (null: every disk of the point)
 * @param toDir  the directory to write into; must lie in one of the bridge's {@code repository.restore-dirs}. Each
 *               disk becomes {@code vm-<vmid>-<disk>.<raw|qcow2>}, which must not exist yet
 * @param format {@code raw} (sparse) or {@code qcow2} (null: raw)
 */
public record RestoreOptions(String point, String disk, String toDir, String format) {
    public RestoreOptions {
        point = point == null ? "latest" : point;
        format = format == null ? "raw" : format;
    }
}
