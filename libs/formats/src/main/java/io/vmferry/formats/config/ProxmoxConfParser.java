package io.vmferry.formats.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proxmox VE {@code <vmid>.conf} → {@link VmSpec}. Only the current configuration is read: snapshot
 * and pending sections are reported. Settings without a counterpart are reported as warnings.
 */
final class ProxmoxConfParser {
    static final int MAX_CHARS = 1 << 20;
    private static final Pattern LINE = Pattern.compile("([a-z][a-z0-9_]*):\\s*(.*)");
    private static final Pattern DISK = Pattern.compile("(ide|sata|scsi|virtio)(\\d+)");
    private static final Pattern NET = Pattern.compile("net(\\d+)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([KMGT]?)");
    private static final Set<String> INTERNAL = Set.of("digest", "meta", "vmgenid", "lock");

    private ProxmoxConfParser() {
    }

    static VmSpec parse(String file, String text, TranslationOptions o, List<String> warnings) throws ConfigException {
        if (text.length() > MAX_CHARS) {
            throw new ConfigException(file + ": conf of " + text.length() + " characters exceeds " + MAX_CHARS);
        }
        String name = "vm";
        int cores = 1;
        int sockets = 1;
        long memory = 512;
        Long balloon = null;
        boolean uefi = false;
        boolean secureBoot = false;
        boolean tpm = false;
        String ostype = "other";
        String scsiHw = "lsi";
        String uuid = null;
        List<String> boot = null;
        List<VmSpec.Disk> disks = new ArrayList<>();
        List<VmSpec.Nic> nics = new ArrayList<>();
        BusAllocator slots = new BusAllocator();
        int lineNo = 0;
        for (String raw : text.split("\r?\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.startsWith("#")) {
                warnings.add("description line \"" + VmxTranslator.oneLine(line.substring(1)) + "\" is not translated");
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                warnings.add("section " + line + " (snapshot or pending changes) is not translated");
                break;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new ConfigException(file + ": line " + lineNo + " is not 'key: value'");
            }
            String key = m.group(1);
            String value = m.group(2).strip();
            Map<String, String> opts = ProxmoxConf.options(value);
            Matcher disk = DISK.matcher(key);
            Matcher net = NET.matcher(key);
            switch (key) {
                case "name" -> name = ProxmoxConf.sanitizeName(value);
                case "cores" -> cores = (int) number(file, key, value, 1, 1024);
                case "sockets" -> sockets = (int) number(file, key, value, 1, 64);
                case "memory" -> memory = number(file, key, opts.getOrDefault("current", opts.getOrDefault("", value)), 16, 1L << 32);
                case "balloon" -> {
                    long b = number(file, key, value, 0, 1L << 32);
                    balloon = b == 0 ? null : b;
                }
                case "bios" -> uefi = value.equals("ovmf");
                case "efidisk0" -> secureBoot = "1".equals(opts.get("pre-enrolled-keys"));
                case "tpmstate0" -> tpm = true;
                case "ostype" -> ostype = value;
                case "scsihw" -> scsiHw = value;
                case "smbios1" -> uuid = opts.get("uuid");
                case "boot" -> boot = bootOrder(value, warnings);
                case "machine" -> {
                    // follows from the firmware on every target
                }
                default -> {
                    if (disk.matches()) {
                        disks.add(disk(file, key, disk, opts, slots, warnings));
                    } else if (net.matches()) {
                        nics.add(nic(file, key, Integer.parseInt(net.group(1)), opts, o, warnings));
                    } else if (!INTERNAL.contains(key)) {
                        warnings.add("setting " + key + ": " + VmxTranslator.oneLine(value) + " is not translated");
                    }
                }
            }
        }
        if (boot == null) {
            boot = new ArrayList<>(disks.stream().map(VmSpec.Disk::id).toList());
            nics.stream().map(VmSpec.Nic::id).forEach(boot::add);
        }
        boolean hasScsi = disks.stream().anyMatch(d -> d.bus().equals("scsi"));
        return new VmSpec(name, sockets, cores, memory, balloon, uefi, secureBoot, tpm, ostype, hasScsi ? scsiHw : null, uuid,
                disks, nics, boot);
    }

    private static VmSpec.Disk disk(String file, String key, Matcher m, Map<String, String> opts, BusAllocator slots,
                                    List<String> warnings) throws ConfigException {
        slots.take(file + ": " + key, m.group(1), Integer.parseInt(m.group(2)));
        boolean cdrom = "cdrom".equals(opts.get("media"));
        String volume = opts.getOrDefault("", "none");
        long size = opts.containsKey("size") ? size(file, key, opts.get("size")) : 0;
        List<String> extra = opts.keySet().stream().filter(k -> !k.isEmpty() && !k.equals("size") && !k.equals("media")).toList();
        if (!extra.isEmpty()) {
            warnings.add(key + ": options " + extra + " are not translated");
        }
        if (cdrom && !volume.equals("none") && !volume.equals("cdrom")) {
            warnings.add(key + ": CD-ROM image \"" + volume + "\" is not carried over; the drive is left empty");
        }
        return new VmSpec.Disk(m.group(1), Integer.parseInt(m.group(2)), cdrom ? null : volume, cdrom, size);
    }

    private static VmSpec.Nic nic(String file, String key, int index, Map<String, String> opts, TranslationOptions o,
                                  List<String> warnings) throws ConfigException {
        Map.Entry<String, String> first = opts.entrySet().iterator().next();
        String model = first.getKey().isEmpty() ? first.getValue() : first.getKey();
        String mac = first.getKey().isEmpty() ? null : ProxmoxConf.normalizeMac(first.getValue());
        String bridge = opts.get("bridge");
        if (bridge == null) {
            throw new ConfigException(file + ": " + key + " has no bridge");
        }
        List<String> extra = opts.keySet().stream().skip(1)
                .filter(k -> !k.equals("bridge") && !k.equals("link_down")).toList();
        if (!extra.isEmpty()) {
            warnings.add(key + ": options " + extra + " are not translated");
        }
        return new VmSpec.Nic(index, model, mac, o.mapNetwork(file + ": " + key, bridge), "1".equals(opts.get("link_down")));
    }

    private static List<String> bootOrder(String value, List<String> warnings) {
        if (value.startsWith("order=")) {
            return List.of(value.substring("order=".length()).split(";"));
        }
        warnings.add("legacy boot setting \"" + value + "\" is not translated; disks boot first");
        return null;
    }

    private static long number(String file, String key, String value, long min, long max) throws ConfigException {
        try {
            long v = Long.parseLong(value.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(file + ": " + key + ": \"" + value + "\" is not a number in [" + min + ", " + max + "]");
    }

    private static long size(String file, String key, String value) throws ConfigException {
        Matcher m = SIZE.matcher(value);
        if (!m.matches() || m.group(1).length() > 12) {
            throw new ConfigException(file + ": " + key + ": size \"" + value + "\" is not understood");
        }
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }
}
