package io.vmferry.cli.bacula;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a backed-up Proxmox VM config for a restore into a new VMID: drive lines of restored disks point at
 * their new volumes (other drive options kept, {@code size=} set, {@code format=} dropped as the
 * {@code .qcow2} volume implies it), {@code name:} is replaced, every MAC address of a {@code netX} line is
 * regenerated (model, bridge and other options kept) and {@code vmgenid} renewed so the clone does not collide with the original. Drives that were not restored
 * ({@code unusedN} and data drives missing from the backup) are dropped, as are {@code parent:} and the snapshot
 * sections, whose volumes belong to the original VM. CD-ROM drives and drives without a volume are kept.
 *
 * @param text    the new config text
 * @param changes one line per change worth reporting (MACs, dropped drives)
 */
record RestoredVmConfig(String text, List<String> changes) {
    private static final Pattern LINE = Pattern.compile("([a-z][a-z0-9_-]*)\\s*:\\s*(.*)");
    private static final Pattern DRIVE = Pattern.compile("(scsi|virtio|sata|ide|efidisk|tpmstate|unused)\\d+");
    private static final Pattern NET = Pattern.compile("net\\d+");
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}");

    /**
     * Rewrites {@code original}.
     *
     * @param original the backed-up config text
     * @param name     the new VM name
     * @param volumes  drive key → new volume value (e.g. {@code local:9601/vm-9601-disk-0.qcow2,size=96M}
     *                 without the other options, which are taken from the original line)
     * @param random   the source of the new MAC addresses
     */
    static RestoredVmConfig rewrite(String original, String name, Map<String, String> volumes,
                                    RandomGenerator random) {
        StringBuilder out = new StringBuilder();
        List<String> changes = new ArrayList<>();
        boolean named = false;
        for (String line : original.split("\n", -1)) {
            String s = line.strip();
            if (s.startsWith("[")) {
                break; // snapshot sections: their volumes belong to the original VM
            }
            Matcher m = LINE.matcher(s);
            if (s.isEmpty() || s.startsWith("#") || !m.matches()) {
                if (!s.isEmpty()) {
                    out.append(line).append('\n');
                }
                continue;
            }
            String key = m.group(1);
            String value = m.group(2).strip();
            if (key.equals("parent")) {
                continue;
            }
            if (key.equals("name")) {
                value = name;
                named = true;
            } else if (key.equals("vmgenid")) {
                value = UUID.randomUUID().toString();
            } else if (NET.matcher(key).matches()) {
                value = newMacs(key, value, random, changes);
            } else if (DRIVE.matcher(key).matches()) {
                String v = volumes.get(key);
                if (v != null) {
                    value = drive(v, value);
                } else if (key.startsWith("unused") || !keptAsIs(value)) {
                    changes.add("dropped " + key + " (" + value + "): not in the restored backup");
                    continue;
                }
            }
            out.append(key).append(": ").append(value).append('\n');
        }
        if (!named) {
            out.append("name: ").append(name).append('\n');
        }
        return new RestoredVmConfig(out.toString(), List.copyOf(changes));
    }

    /** CD-ROMs and drives without a volume need no restored image. */
    private static boolean keptAsIs(String value) {
        return value.startsWith("none") || value.contains("media=cdrom");
    }

    private static String drive(String newVolume, String original) {
        StringBuilder b = new StringBuilder(newVolume);
        Set<String> own = Set.of("file", "volume", "size", "format");
        String[] parts = original.split(",");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0 && !own.contains(parts[i].substring(0, eq).strip())) {
                b.append(',').append(parts[i].strip());
            }
        }
        return b.toString();
    }

    private static String newMacs(String key, String value, RandomGenerator random, List<String> changes) {
        String[] parts = value.split(",");
        for (int i = 0; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0 && MAC.matcher(parts[i].substring(eq + 1).strip()).matches()) {
                String old = parts[i].substring(eq + 1).strip();
                String mac = mac(random, old);
                parts[i] = parts[i].substring(0, eq + 1) + mac;
                changes.add(key + ": MAC " + old + " -> " + mac);
            }
        }
        return String.join(",", parts);
    }

    /** A Proxmox-style {@code BC:24:11:xx:xx:xx} address different from {@code old}. */
    static String mac(RandomGenerator random, String old) {
        while (true) {
            byte[] b = new byte[3];
            random.nextBytes(b);
            String mac = "BC:24:11:" + HexFormat.ofDelimiter(":").withUpperCase().formatHex(b);
            if (!mac.equalsIgnoreCase(old)) {
                return mac;
            }
        }
    }
}
