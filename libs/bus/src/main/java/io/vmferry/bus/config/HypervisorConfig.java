package io.vmferry.bus.config;

import java.nio.file.Path;

/**
 * Where the hypervisor's VMs live (DESIGN §4). For {@code qemu} (a Proxmox node's local layout):
 * QMP sockets in {@code run-dir}, {@code <vmid>.conf} files in {@code conf-dir}, volumes resolved
 * through {@code storage-cfg}.
 *
 * @param host       name of this node in VM keys ({@code <host>/<vmid>}); defaults to the host name
 * @param fleeceDir  where point-in-time (fleecing) overlays and NBD sockets live during a backup
 * @param fleeceReserveMib free space (MiB) a held snapshot keeps on the fleece directory's file system: below it
 *                   the snapshot is released and its backup fails, before a full file system could fail the
 *                   guest's writes (QEMU 7.2 fleecing copies the old data of every guest write into the overlay,
 *                   and fails the guest write when it cannot); a snapshot is not taken with less free
 * @param memoryTracking track the changes of disks whose images cannot keep persistent bitmaps (raw, qcow2 v2) in
 *                   the running QEMU's memory, as Proxmox Backup Server does: their backups are incremental while
 *                   the VM runs, and the first after QEMU stopped is a full (default off: such a disk makes every
 *                   backup of its VM a full)
 */
public record HypervisorConfig(String type, String host, Path runDir, Path confDir, Path storageCfg,
                               Path fleeceDir, Long fleeceReserveMib, Boolean memoryTracking) {
    public static final String DEFAULT_TYPE = "qemu";
    public static final Path DEFAULT_RUN_DIR = Path.of("/var/run/qemu-server");
    public static final Path DEFAULT_CONF_DIR = Path.of("/etc/pve/qemu-server");
    public static final Path DEFAULT_STORAGE_CFG = Path.of("/etc/pve/storage.cfg");
    public static final Path DEFAULT_FLEECE_DIR = Path.of("/var/tmp/vmferry");
    public static final long DEFAULT_FLEECE_RESERVE_MIB = 1024;

    public HypervisorConfig {
        type = type == null ? DEFAULT_TYPE : type;
        if (!type.equals("qemu")) {
            throw new ConfigException("hypervisor.type '" + type + "' is not supported (supported: qemu)");
        }
        host = host == null || host.isBlank() ? localHostName() : host;
        if (host.contains("/")) {
            throw new ConfigException("hypervisor.host '" + host + "' must not contain '/'");
        }
        runDir = runDir == null ? DEFAULT_RUN_DIR : runDir;
        confDir = confDir == null ? DEFAULT_CONF_DIR : confDir;
        storageCfg = storageCfg == null ? DEFAULT_STORAGE_CFG : storageCfg;
        fleeceDir = fleeceDir == null ? DEFAULT_FLEECE_DIR : fleeceDir;
        fleeceReserveMib = fleeceReserveMib == null ? DEFAULT_FLEECE_RESERVE_MIB : fleeceReserveMib;
        if (fleeceReserveMib < 0) {
            throw new ConfigException("hypervisor.fleece-reserve-mib must not be negative, not " + fleeceReserveMib);
        }
        memoryTracking = memoryTracking != null && memoryTracking;
    }

    /** The same layout with {@code fleece-dir} and default values elsewhere unchanged (tests, tools). */
    public HypervisorConfig(String type, String host, Path runDir, Path confDir, Path storageCfg, Path fleeceDir) {
        this(type, host, runDir, confDir, storageCfg, fleeceDir, null, null);
    }

    /** The same layout with {@code memory-tracking} set to {@code on}. */
    public HypervisorConfig withMemoryTracking(boolean on) {
        return new HypervisorConfig(type, host, runDir, confDir, storageCfg, fleeceDir, fleeceReserveMib, on);
    }

    /** {@link #fleeceReserveMib} in bytes. */
    public long fleeceReserveBytes() {
        return fleeceReserveMib * 1024 * 1024;
    }

    public static HypervisorConfig defaults() {
        return new HypervisorConfig(null, null, null, null, null, null, null, null);
    }

    private static String localHostName() {
        try {
            String name = java.net.InetAddress.getLocalHost().getHostName();
            int dot = name.indexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
