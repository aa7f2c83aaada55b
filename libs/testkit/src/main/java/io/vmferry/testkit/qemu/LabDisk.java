package io.vmferry.testkit.qemu;

import java.nio.file.Path;

/**
 * One disk of a lab VM.
 *
 * @param slot      the config key, e.g. {@code scsi0}, {@code virtio1}
 * @param index     N in {@code vm-<vmid>-disk-N}
 * @param format    {@code qcow2} or {@code raw}
 * @param size      the size as written in the config, e.g. {@code 1G}
 * @param sizeBytes the same in bytes
 * @param path      the image file under {@code <storage>/images/<vmid>/}
 * @param volumeId  e.g. {@code local:201/vm-201-disk-0.qcow2}
 */
public record LabDisk(String slot, int index, String format, String size, long sizeBytes, Path path, String volumeId) {

    /** The BlockBackend name QEMU knows the drive by, as on Proxmox: {@code drive-<slot>}. */
    public String driveId() {
        return "drive-" + slot;
    }

    /** The format node name: {@code fmt-<slot>}. */
    public String nodeName() {
        return "fmt-" + slot;
    }

    /** The protocol (file) node name: {@code file-<slot>}. */
    public String fileNodeName() {
        return "file-" + slot;
    }

    /** Parses {@code 512}, {@code 64K}, {@code 64M}, {@code 1G}, {@code 2T} (binary units, as Proxmox). */
    public static long parseSize(String size) {
        String s = size.trim().toUpperCase(java.util.Locale.ROOT);
        int shift = switch (s.charAt(s.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
        return Long.parseLong(digits) << shift;
    }
}
