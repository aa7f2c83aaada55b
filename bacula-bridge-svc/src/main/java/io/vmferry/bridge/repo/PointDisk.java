package io.vmferry.bridge.repo;

/**
 * One disk of a restore point as recorded in {@code point.json} and the index.
 *
 * @param name        disk name ({@code scsi0})
 * @param virtualSize guest-visible size in bytes
 * @param bytes       size of the stored {@code <name>.vfs} file
 * @param dataBytes   data bytes the stream carries (uncompressed)
 * @param sha256      logical content SHA-256 of the stream (its trailer's)
 * @param format      format of the source image ({@code qcow2}, {@code raw}), the default restore format
 */
public record PointDisk(String name, long virtualSize, long bytes, long dataBytes, String sha256, String format) {

    /** Validates the fields. */
    public PointDisk {
        RepositoryLayout.requireName("disk name", name);
        if (virtualSize <= 0 || bytes < 0 || dataBytes < 0) {
            throw new IllegalArgumentException("disk " + name + ": sizes must be positive");
        }
        if (sha256 == null || sha256.length() != 64) {
            throw new IllegalArgumentException("disk " + name + ": sha256 must have 64 hex digits");
        }
    }
}
