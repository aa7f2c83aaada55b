package io.vmferry.formats.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hyper-V {@code Get-VM | ConvertTo-Json} (see {@link HyperVJson} for the properties) → {@link VmSpec}.
 * Runtime state and Hyper-V bookkeeping are ignored; other settings with a value are reported.
 */
final class HyperVJsonParser {
    private static final long MIB = 1L << 20;
    private static final Set<String> CONSUMED = Set.of("Name", "Generation", "ProcessorCount", "MemoryStartup",
            "DynamicMemoryEnabled", "MemoryMinimum", "MemoryMaximum", "HardDrives", "DVDDrives", "NetworkAdapters",
            HyperVJson.EXTENSIONS);
    /** Runtime state and identity that has no meaning on another hypervisor. */
    private static final Set<String> RUNTIME = Set.of("VMName", "VMId", "Id", "ComputerName", "State", "CPUUsage",
            "MemoryAssigned", "MemoryDemand", "MemoryStatus", "Uptime", "Status", "Heartbeat", "OperationalStatus",
            "PrimaryOperationalStatus", "SecondaryOperationalStatus", "StatusDescriptions", "PrimaryStatusDescription",
            "SecondaryStatusDescription", "IntegrationServicesState", "IntegrationServicesVersion", "ReplicationHealth",
            "ReplicationMode", "ReplicationState", "ResourceMeteringEnabled", "IsDeleted", "IsClustered", "ParentSnapshotId",
            "ParentSnapshotName", "Path", "ConfigurationLocation", "SnapshotFileLocation", "CheckpointFileLocation",
            "SmartPagingFilePath", "SmartPagingFileInUse", "CreationTime", "Version", "VirtualMachineType",
            "VirtualMachineSubType", "SizeOfSystemFiles", "NumaAligned", "NumaNodesCount", "NumaSocketCount", "Groups",
            "VMIntegrationService", "ComPort1", "ComPort2", "FloppyDrive", "CimSession", "IsRemoteSession",
            "AutomaticStopAction", "AutomaticStartAction", "AutomaticStartDelay", "AutomaticCriticalErrorAction",
            "AutomaticCriticalErrorActionTimeout", "AutomaticCheckpointsEnabled", "CheckpointType", "GuestStateIsolationType",
            "LowMemoryMappedIoSpace", "HighMemoryMappedIoSpace", "HighMemoryMappedIoBaseAddress", "GuestControlledCacheTypes",
            "LockOnDisconnect", "BatteryPassthroughEnabled", "MemoryMaximumMappedIoSpace", "RemoteFxAdapter", "ProcessorCompatibility");

    private HyperVJsonParser() {
    }

    static VmSpec parse(String file, String text, TranslationOptions o, List<String> warnings) throws ConfigException {
        Object root = Json.parse(text);
        if (root instanceof List<?> l && l.size() == 1) {
            root = l.get(0);
        }
        if (!(root instanceof Map<?, ?> vm)) {
            throw new ConfigException(file + ": expected one VM object (Get-VM | ConvertTo-Json)");
        }
        String name = ProxmoxConf.sanitizeName(str(file, vm, "Name", true));
        long gen = num(file, vm, "Generation", 1);
        if (gen != 1 && gen != 2) {
            throw new ConfigException(file + ": Generation " + gen + " is neither 1 nor 2");
        }
        long cpus = num(file, vm, "ProcessorCount", 1);
        long memory = num(file, vm, "MemoryStartup", 512 * MIB) / MIB;
        if (cpus < 1 || cpus > 1024 || memory < 16) {
            throw new ConfigException(file + ": ProcessorCount " + cpus + " or MemoryStartup " + memory + " MiB out of range");
        }
        Long balloon = Boolean.TRUE.equals(vm.get("DynamicMemoryEnabled")) ? num(file, vm, "MemoryMinimum", memory * MIB) / MIB : null;
        long maximum = num(file, vm, "MemoryMaximum", memory * MIB) / MIB;
        if (balloon != null && maximum > memory) {
            warnings.add("dynamic memory maximum " + maximum + " MiB is not translated: memory " + memory + " MiB, balloon " + balloon + " MiB");
        }
        Map<?, ?> ext = vm.get(HyperVJson.EXTENSIONS) instanceof Map<?, ?> m ? m : Map.of();
        String ostype = ext.get("OsType") instanceof String s ? s : null;
        if (ostype == null) {
            warnings.add("Get-VM does not tell the guest OS, secure boot or TPM: ostype other, secure boot off, no TPM");
            ostype = "other";
        }
        boolean linux = ostype.equals("l26");
        BusAllocator slots = new BusAllocator();
        List<VmSpec.Disk> disks = new ArrayList<>();
        Map<String, String> ids = new java.util.HashMap<>();
        for (Map<?, ?> d : list(file, vm, "HardDrives")) {
            String path = str(file, d, "Path", true);
            boolean ide = controllerType(file, d) == HyperVLayout.IDE;
            String dev = file + ": hard drive " + path;
            if (ide) {
                disks.add(new VmSpec.Disk("ide", slots.take(dev, "ide", (int) (num(file, d, "ControllerNumber", 0) * 2
                        + num(file, d, "ControllerLocation", 0))), path, false, 0));
            } else if (linux) {
                disks.add(new VmSpec.Disk("scsi", slots.next(dev, "scsi", 0), path, false, 0));
            } else {
                warnings.add(path + ": SCSI disk attached as SATA (non-Linux guests have no driver for Proxmox SCSI controllers)");
                disks.add(new VmSpec.Disk("sata", slots.next(dev, "sata", 0), path, false, 0));
            }
            ids.put(String.valueOf(d.get("Name")), disks.get(disks.size() - 1).id());
        }
        for (Map<?, ?> d : list(file, vm, "DVDDrives")) {
            if (d.get("Path") instanceof String iso && !iso.isEmpty()) {
                warnings.add("DVD image \"" + iso + "\" is not carried over; the drive is left empty");
            }
            disks.add(new VmSpec.Disk("ide", slots.next(file + ": DVD drive", "ide", 2), null, true, 0));
            ids.put(String.valueOf(d.get("Name")), disks.get(disks.size() - 1).id());
        }
        List<VmSpec.Nic> nics = new ArrayList<>();
        for (Map<?, ?> a : list(file, vm, "NetworkAdapters")) {
            String id = "net" + nics.size();
            Object sw = a.get("SwitchName");
            if (!(sw instanceof String swName) || swName.isEmpty()) {
                warnings.add("network adapter \"" + a.get("Name") + "\" is not connected to a switch: not translated");
                continue;
            }
            String model = linux ? "virtio" : "e1000";
            warnings.add(id + ": Hyper-V network adapter \"" + a.get("Name") + "\" becomes model " + model);
            String mac = a.get("MacAddress") instanceof String s ? ProxmoxConf.normalizeMac(s) : null;
            ids.put(String.valueOf(a.get("Name")), id);
            nics.add(new VmSpec.Nic(nics.size(), model, mac, o.mapNetwork(file + ": adapter " + a.get("Name"), swName), false));
        }
        List<String> boot = new ArrayList<>();
        if (ext.get("BootOrder") instanceof List<?> order) {
            for (Object x : order) {
                String id = ids.get(String.valueOf(x));
                if (id == null) {
                    warnings.add("boot device \"" + x + "\" is not a drive or adapter of this VM; skipped");
                } else {
                    boot.add(id);
                }
            }
        } else {
            disks.stream().filter(d -> !d.cdrom()).limit(1).forEach(d -> boot.add(d.id()));
            disks.stream().filter(VmSpec.Disk::cdrom).forEach(d -> boot.add(d.id()));
            nics.forEach(n -> boot.add(n.id()));
        }
        reportRest(vm, warnings);
        boolean scsi = disks.stream().anyMatch(d -> d.bus().equals("scsi"));
        return new VmSpec(name, 1, (int) cpus, memory, balloon, gen == 2, Boolean.TRUE.equals(ext.get("SecureBoot")),
                Boolean.TRUE.equals(ext.get("TpmEnabled")), ostype, scsi ? "virtio-scsi-single" : null, null, disks, nics, boot);
    }

    private static void reportRest(Map<?, ?> vm, List<String> warnings) {
        for (Map.Entry<?, ?> e : vm.entrySet()) {
            String k = e.getKey().toString();
            Object v = e.getValue();
            boolean empty = v == null || "".equals(v) || Boolean.FALSE.equals(v) || (v instanceof List<?> l && l.isEmpty());
            if (!CONSUMED.contains(k) && !RUNTIME.contains(k) && !empty) {
                warnings.add("setting " + k + " = " + VmxTranslator.oneLine(Json.write(v).strip().replaceAll("\\s*\n\\s*", " "))
                        + " is not translated");
            }
        }
    }

    private static int controllerType(String file, Map<?, ?> d) throws ConfigException {
        Object t = d.get("ControllerType");
        if (t instanceof Long n && (n == 0 || n == 1)) {
            return n.intValue();
        }
        if (t instanceof String s && (s.equalsIgnoreCase("IDE") || s.equalsIgnoreCase("SCSI"))) {
            return s.toUpperCase(Locale.ROOT).equals("IDE") ? HyperVLayout.IDE : HyperVLayout.SCSI;
        }
        throw new ConfigException(file + ": hard drive " + d.get("Path") + " has unsupported ControllerType " + t);
    }

    private static List<Map<?, ?>> list(String file, Map<?, ?> vm, String key) throws ConfigException {
        Object v = vm.get(key);
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object x : v == null ? List.of() : v instanceof List<?> l ? l : List.of(v)) {
            if (!(x instanceof Map<?, ?> m)) {
                throw new ConfigException(file + ": " + key + " holds " + x + " instead of objects (use ConvertTo-Json -Depth 3)");
            }
            out.add(m);
        }
        return out;
    }

    private static String str(String file, Map<?, ?> m, String key, boolean required) throws ConfigException {
        if (m.get(key) instanceof String s && !s.isEmpty()) {
            return s;
        }
        if (required) {
            throw new ConfigException(file + ": property " + key + " missing or not a string");
        }
        return null;
    }

    private static long num(String file, Map<?, ?> m, String key, long fallback) throws ConfigException {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Long n && n >= 0) {
            return n;
        }
        throw new ConfigException(file + ": property " + key + " = " + v + " is not a non-negative integer");
    }
}
