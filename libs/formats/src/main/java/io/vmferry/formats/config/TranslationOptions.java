package io.vmferry.formats.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options of a translation.
 *
 * @param vmid        target Proxmox VMID (used in volume names)
 * @param storage     target Proxmox storage for disks, EFI vars and TPM state ({@code local-lvm})
 * @param volumeFormat null for block storages ({@code local-lvm:vm-100-disk-0}); a file format
 *                    ({@code qcow2}, {@code raw}, {@code vmdk}) for directory storages
 *                    ({@code local:100/vm-100-disk-0.qcow2})
 * @param networkMap  source network name (vSphere port group, Proxmox bridge, Hyper-V switch) to target
 *                    name; a network without an entry is an error
 * @param diskDir     Hyper-V folder for the converted VHDX files
 */
public record TranslationOptions(int vmid, String storage, String volumeFormat, Map<String, String> networkMap,
                                 String diskDir) {
    public static final String DEFAULT_STORAGE = "local-lvm";
    public static final String DEFAULT_DISK_DIR = "C:\\ProgramData\\Microsoft\\Windows\\Virtual Hard Disks";

    public TranslationOptions {
        if (vmid < 100 || vmid > 999_999_999) {
            throw new IllegalArgumentException("vmid " + vmid + " outside [100, 999999999]");
        }
        if (storage == null || !storage.matches("[A-Za-z][A-Za-z0-9\\-_.]*")) {
            throw new IllegalArgumentException("bad storage id '" + storage + "'");
        }
        if (volumeFormat != null && !volumeFormat.matches("raw|qcow2|vmdk")) {
            throw new IllegalArgumentException("volume format '" + volumeFormat + "' is not raw, qcow2 or vmdk");
        }
        networkMap = Collections.unmodifiableMap(new LinkedHashMap<>(networkMap));
        diskDir = diskDir == null ? DEFAULT_DISK_DIR : diskDir;
    }

    /**
     * Options from {@code key=value} strings: {@code vmid}, {@code storage}, {@code format},
     * {@code network_map} ({@code src=dst,src2=dst2}) and {@code disk_dir}; unknown keys are rejected.
     */
    public static TranslationOptions parse(Map<String, String> options) {
        Map<String, String> rest = new LinkedHashMap<>(options);
        String vmid = rest.remove("vmid");
        String storage = rest.remove("storage");
        String format = rest.remove("format");
        String map = rest.remove("network_map");
        String diskDir = rest.remove("disk_dir");
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("unknown translation options " + rest.keySet());
        }
        int id;
        try {
            id = vmid == null ? 100 : Integer.parseInt(vmid.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("vmid '" + vmid + "' is not a number");
        }
        return new TranslationOptions(id, storage == null ? DEFAULT_STORAGE : storage, format, parseNetworkMap(map), diskDir);
    }

    /** Parses {@code src=dst,src2=dst2}; names may contain spaces, not commas or '='. */
    public static Map<String, String> parseNetworkMap(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return m;
        }
        for (String pair : spec.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1 || pair.indexOf('=', eq + 1) >= 0) {
                throw new IllegalArgumentException("network_map entry '" + pair + "' is not src=dst");
            }
            m.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return m;
    }

    /** Target network for {@code source}; unmapped is a {@link ConfigException} naming {@code device}. */
    String mapNetwork(String device, String source) throws ConfigException {
        String target = networkMap.get(source);
        if (target == null) {
            throw new ConfigException(device + ": network '" + source + "' has no entry in network_map (" + networkMap.keySet() + ")");
        }
        return target;
    }

    /** Proxmox volume name of the {@code n}-th disk of the VM. */
    String volume(int n) {
        String base = "vm-" + vmid + "-disk-" + n;
        return volumeFormat == null ? storage + ":" + base : storage + ":" + vmid + "/" + base + "." + volumeFormat;
    }
}
