package io.vmferry.testkit.qemu;

import java.util.List;
import java.util.Map;

/**
 * Everything that defines a lab VM; built by {@link LabVmBuilder}.
 *
 * @param options     extra or overriding config lines (key → value)
 * @param snapshots   Proxmox snapshot sections to write after the current config, oldest first
 */
record LabVmSpec(int vmid, String name, int cores, int memoryMb, List<LabDisk> disks, List<String> cdroms,
        boolean net, GuestAgentMode agent, String description, Map<String, String> options, List<String> snapshots,
        long ctime) {
}
