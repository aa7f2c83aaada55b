package io.vmferry.snapshot;

import java.nio.file.Path;

/**
 * A disk of a running VM as QEMU sees it now.
 *
 * @param disk    config name ({@code scsi0})
 * @param node    format node that carries the bitmaps and is fleeced
 * @param format  format driver ({@code qcow2}, {@code raw})
 * @param file    image file
 * @param size    virtual size
 * @param overlay the fleecing overlay file of this snapshot
 */
record QemuDisk(String disk, String node, String format, String file, long size, Path overlay) {
}
