package io.vmferry.bridge.bacula;

import java.util.regex.Pattern;

/**
 * One disk of a selected VM, as the inventory reports it, e.g. {@code (pve1, 101, scsi0)}.
 *
 * @param host the hypervisor host name ({@code <host>} of the VM key)
 * @param vmid the VM id
 * @param disk the disk key ({@code scsi0}, {@code virtio1}, {@code efidisk0}, ...); the names
 *             {@code config} and {@code firewall} are reserved for the VM's config streams
 */
public record VmDisk(String host, int vmid, String disk) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");
    private static final Pattern DISK = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    /** Validates the parts: they end up in catalog paths and shell commands. */
    public VmDisk {
        if (host == null || !HOST.matcher(host).matches() || host.contains("..")) {
            throw new IllegalArgumentException("bad host name '" + host + "'");
        }
        if (vmid <= 0) {
            throw new IllegalArgumentException("bad vmid " + vmid);
        }
        if (disk == null || !DISK.matcher(disk).matches()) {
            throw new IllegalArgumentException("bad disk name '" + disk + "'");
        }
    }

    /** The VM key {@code <host>/<vmid>}. */
    public String vmKey() {
        return host + "/" + vmid;
    }

    /** The name of the disk as a restored raw image, {@code <vmid>-<disk>.raw}. */
    public String imageFileName() {
        return vmid + "-" + disk + ".raw";
    }
}
