package io.vmferry.bus.events;

/**
 * One VM disk as the inventory sees it.
 *
 * @param name        config key: {@code scsi0}, {@code virtio1}, {@code efidisk0}, ...
 * @param volume      Proxmox volume id or path as written in the config
 * @param path        resolved image file, or null when it cannot be resolved (see {@code note})
 * @param format      {@code qcow2}, {@code raw}, ...
 * @param virtualSize guest-visible size in bytes (from QEMU or {@code qemu-img info}; else the config's {@code size=})
 * @param device      QEMU BlockBackend name when running ({@code drive-scsi0}), else null
 * @param node        QEMU format node name when running, else null
 * @param note        why something is unknown, or null
 */
public record DiskInfo(String name, String volume, String path, String format, long virtualSize, String device,
                       String node, String note) {
}
