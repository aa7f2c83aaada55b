package io.vmferry.bus.events;

import java.util.List;

/**
 * One VM of a hypervisor node.
 *
 * @param key   {@code <host>/<vmid>}
 * @param state {@code running}, {@code paused}, {@code stopped}, ... (QEMU run state, or stopped)
 * @param qmp   QMP socket path when running, else null
 * @param conf  config file path
 */
public record VmInfo(String key, String host, int vmid, String name, String state, int cores, int sockets,
                     long memoryMiB, List<DiskInfo> disks, String qmp, String conf) {

    public boolean running() {
        return qmp != null;
    }
}
