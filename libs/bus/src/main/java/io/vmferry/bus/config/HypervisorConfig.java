package io.vmferry.bus.config;

import java.nio.file.Path;

/**
 * Where the hypervisor's VMs live (DESIGN §4). For {@code qemu} (a Proxmox node's local layout):
 * QMP sockets in {@code run-dir}, {@code <vmid>.conf} files in {@code conf-dir}, volumes resolved
 * through {@code storage-cfg}.
 *
 * @param host       name of this node in VM keys ({@code <host>/<vmid>}); defaults to the host name
 * @param fleeceDir  where point-in-time (fleecing) overlays and NBD sockets live during a backup
 */
public record HypervisorConfig(String type, String host, Path runDir, Path confDir, Path storageCfg,
                               Path fleeceDir) {
    public static final String DEFAULT_TYPE = "qemu";
    public static final Path DEFAULT_RUN_DIR = Path.of("/var/run/qemu-server");
    public static final Path DEFAULT_CONF_DIR = Path.of("/etc/pve/qemu-server");
    public static final Path DEFAULT_STORAGE_CFG = Path.of("/etc/pve/storage.cfg");
    public static final Path DEFAULT_FLEECE_DIR = Path.of("/var/tmp/vmferry");

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
    }

    public static HypervisorConfig defaults() {
        return new HypervisorConfig(null, null, null, null, null, null);
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
