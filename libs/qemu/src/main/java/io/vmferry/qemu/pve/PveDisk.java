package io.vmferry.qemu.pve;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One drive line of a VM config, e.g. {@code scsi0: local:101/vm-101-disk-0.qcow2,iothread=1,size=32G}.
 *
 * @param name      the config key ({@code scsi0}, {@code virtio1}, {@code efidisk0}, ...)
 * @param bus       {@code scsi}, {@code virtio}, {@code sata}, {@code ide}, {@code efidisk}, {@code tpmstate}
 * @param volume    the volume id ({@code local:101/vm-101-disk-0.qcow2}), an absolute path, or {@code none}
 * @param options   the remaining {@code key=value} options in order
 * @param sizeBytes the {@code size=} option in bytes, or null
 * @param format    {@code format=} option, else from the file extension, else {@code raw}
 * @param cdrom     true for {@code media=cdrom} drives (never backed up)
 */
public record PveDisk(String name, String bus, String volume, Map<String, String> options, Long sizeBytes,
                      String format, boolean cdrom) {
    private static final Pattern KEY = Pattern.compile("(scsi|virtio|sata|ide|efidisk|tpmstate|unused)(\\d+)");

    /** True when {@code key} names a drive line. */
    public static boolean isDiskKey(String key) {
        return KEY.matcher(key).matches();
    }

    /** Parses the value of a drive line; errors are plain reasons (the caller adds file and line). */
    static PveDisk parse(String key, String value) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a drive key: " + key);
        }
        String[] parts = value.split(",");
        String volume = null;
        Map<String, String> options = new java.util.LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (i == 0 && eq < 0) {
                volume = p;
            } else if (eq > 0) {
                String k = p.substring(0, eq);
                String v = p.substring(eq + 1);
                if (k.equals("file") || k.equals("volume")) {
                    volume = v;
                } else {
                    options.put(k, v);
                }
            } else {
                throw new IllegalArgumentException("drive option '" + p + "' is not key=value");
            }
        }
        if (volume == null || volume.isEmpty()) {
            throw new IllegalArgumentException("drive " + key + " has no volume");
        }
        String sizeText = options.get("size");
        Long size = Sizes.parse(sizeText);
        if (sizeText != null && size == null) {
            throw new IllegalArgumentException("drive " + key + " has a bad size '" + sizeText + "'");
        }
        boolean cdrom = "cdrom".equals(options.get("media"));
        String format = options.getOrDefault("format", formatOf(volume));
        return new PveDisk(key, m.group(1), volume, Map.copyOf(options), size, format, cdrom);
    }

    private static String formatOf(String volume) {
        String lower = volume.toLowerCase(java.util.Locale.ROOT);
        for (String f : new String[] {"qcow2", "vmdk", "raw", "vhdx", "vpc"}) {
            if (lower.endsWith("." + f)) {
                return f;
            }
        }
        return "raw";
    }

    /** True for drives that hold VM data to back up (not CD-ROMs, not {@code unusedN}, not {@code backup=0}). */
    public boolean backupable() {
        return !cdrom && !bus.equals("unused") && !volume.equals("none") && !"0".equals(options.get("backup"));
    }
}
