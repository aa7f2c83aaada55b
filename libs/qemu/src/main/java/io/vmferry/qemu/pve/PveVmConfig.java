package io.vmferry.qemu.pve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Proxmox VM configuration ({@code /etc/pve/qemu-server/<vmid>.conf}): the current section only;
 * snapshot sections ({@code [name]}) are listed by name. Every key is kept in {@link #entries}.
 */
public record PveVmConfig(int vmid, String name, int cores, int sockets, long memoryMiB, String description,
                          List<PveDisk> disks, Map<String, String> entries, List<String> snapshots) {
    private static final Pattern LINE = Pattern.compile("([a-z][a-z0-9_-]*)\\s*:\\s*(.*)");
    private static final Pattern SECTION = Pattern.compile("\\[([A-Za-z0-9_\\-]+)]");

    /** Reads {@code <vmid>.conf}; the VMID comes from the file name. */
    public static PveVmConfig read(Path file) {
        String fileName = file.getFileName().toString();
        if (!fileName.matches("\\d+\\.conf")) {
            throw new PveConfigException(file + ": file name is not <vmid>.conf");
        }
        try {
            return parse(file.toString(), Integer.parseInt(fileName.substring(0, fileName.length() - 5)),
                    Files.readString(file));
        } catch (IOException e) {
            throw new PveConfigException(file + ": cannot read: " + e.getMessage());
        } catch (NumberFormatException e) {
            throw new PveConfigException(file + ": VMID out of range");
        }
    }

    /** Parses config text; {@code origin} names it in error messages. */
    public static PveVmConfig parse(String origin, int vmid, String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        List<PveDisk> disks = new ArrayList<>();
        List<String> snapshots = new ArrayList<>();
        StringBuilder description = new StringBuilder();
        boolean current = true;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            String where = origin + ":" + (i + 1) + ": ";
            if (line.isEmpty()) {
                continue;
            }
            Matcher section = SECTION.matcher(line);
            if (section.matches()) {
                current = false;
                snapshots.add(section.group(1));
                continue;
            }
            if (!current) {
                continue;
            }
            if (line.startsWith("#")) {
                description.append(description.isEmpty() ? "" : "\n").append(line.substring(1).strip());
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new PveConfigException(where + "expected 'key: value', got '" + abbreviate(line) + "'");
            }
            String key = m.group(1);
            String value = m.group(2).strip();
            if (entries.put(key, value) != null) {
                throw new PveConfigException(where + "duplicate key '" + key + "'");
            }
            if (PveDisk.isDiskKey(key)) {
                try {
                    disks.add(PveDisk.parse(key, value));
                } catch (IllegalArgumentException e) {
                    throw new PveConfigException(where + e.getMessage());
                }
            }
        }
        return new PveVmConfig(vmid, entries.getOrDefault("name", "vm" + vmid),
                intValue(origin, entries, "cores", 1), intValue(origin, entries, "sockets", 1),
                intValue(origin, entries, "memory", 512), description.toString(), List.copyOf(disks),
                java.util.Collections.unmodifiableMap(entries), List.copyOf(snapshots));
    }

    /** The drives holding VM data, in config order. */
    public List<PveDisk> dataDisks() {
        return disks.stream().filter(PveDisk::backupable).toList();
    }

    private static int intValue(String origin, Map<String, String> entries, String key, int dflt) {
        String v = entries.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new PveConfigException(origin + ": '" + key + "' is not a number: '" + abbreviate(v) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
